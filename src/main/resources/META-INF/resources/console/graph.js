import { h } from './dom.js';
import { isInvalid } from './facts.js';

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, v);
  for (const k of kids) if (k !== null && k !== undefined) el.append(k instanceof Node ? k : String(k));
  return el;
}

// Entities (source/target node names) as nodes, facts as edges: a circle layout relaxed by a
// small spring/repulsion simulation, deterministic (no randomness) so screenshots are stable.
export function factGraph(facts, { width = 900, height = 560, onHover } = {}) {
  const edges = facts.filter((f) => f.source_node_name && f.target_node_name);
  const names = [...new Set(edges.flatMap((f) => [f.source_node_name, f.target_node_name]))];
  if (!names.length) return h('p', { class: 'muted' }, 'No facts with entities to draw yet.');
  const degree = new Map(names.map((n) => [n, 0]));
  edges.forEach((f) => { degree.set(f.source_node_name, degree.get(f.source_node_name) + 1); degree.set(f.target_node_name, degree.get(f.target_node_name) + 1); });
  const cx = width / 2, cy = height / 2, r0 = Math.min(width, height) / 2 - 70;
  const nodes = names.map((name, i) => {
    const a = (2 * Math.PI * i) / names.length;
    return { name, x: cx + r0 * Math.cos(a), y: cy + r0 * Math.sin(a), vx: 0, vy: 0 };
  });
  const byName = new Map(nodes.map((n) => [n.name, n]));
  // the most connected node (usually the user) starts in the middle
  const hub = nodes.reduce((a, b) => (degree.get(b.name) > degree.get(a.name) ? b : a));
  if (nodes.length > 2) { hub.x = cx; hub.y = cy; }
  for (let it = 0; it < 300; it++) {
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 100);
      const f = 9000 / d2;
      a.vx += (dx / Math.sqrt(d2)) * f; a.vy += (dy / Math.sqrt(d2)) * f;
    }
    for (const e of edges) {
      const a = byName.get(e.source_node_name), b = byName.get(e.target_node_name);
      if (a === b) continue;
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1), f = (d - 210) * 0.02;
      a.vx += (dx / d) * f; a.vy += (dy / d) * f; b.vx -= (dx / d) * f; b.vy -= (dy / d) * f;
    }
    for (const n of nodes) {
      n.vx += (cx - n.x) * 0.005; n.vy += (cy - n.y) * 0.005;
      n.x = Math.min(width - 60, Math.max(60, n.x + n.vx * 0.5));
      n.y = Math.min(height - 30, Math.max(30, n.y + n.vy * 0.5));
      n.vx *= 0.6; n.vy *= 0.6;
    }
  }
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'graph', role: 'img', 'aria-label': 'fact graph' });
  svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 24, refY: 5, markerWidth: 10, markerHeight: 10, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
    s('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#8a94a6' }))));
  // parallel edges between the same pair are bent apart
  const pairCount = new Map();
  for (const e of edges) {
    const a = byName.get(e.source_node_name), b = byName.get(e.target_node_name);
    const key = [a.name, b.name].sort().join('\u0000');
    const k = pairCount.get(key) || 0; pairCount.set(key, k + 1);
    const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2, dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1);
    const bend = (k % 2 ? -1 : 1) * Math.ceil(k / 2) * 28;
    const qx = mx - (dy / d) * bend, qy = my + (dx / d) * bend;
    const path = a === b
      ? `M ${a.x} ${a.y - 14} c 40 -50 60 10 14 14`
      : `M ${a.x} ${a.y} Q ${qx} ${qy} ${b.x} ${b.y}`;
    const g = s('g', { class: 'edge' + (isInvalid(e) ? ' invalid' : ''), 'data-fact': e.uuid, tabindex: 0 },
      s('title', {}, e.fact),
      s('path', { d: path, 'marker-end': 'url(#arrow)' }),
      s('text', { x: (mx + qx) / 2, y: (my + qy) / 2 - 4, 'text-anchor': 'middle' }, e.name || ''));
    const show = () => onHover && onHover(e);
    g.addEventListener('mouseenter', show); g.addEventListener('focus', show);
    svg.append(g);
  }
  for (const n of nodes) {
    svg.append(s('g', { class: 'node' + (n === hub ? ' hub' : ''), transform: `translate(${n.x},${n.y})` },
      s('title', {}, `${n.name}: ${degree.get(n.name)} fact(s)`),
      s('circle', { r: n === hub ? 16 : 11 }),
      s('text', { y: n === hub ? 32 : 26, 'text-anchor': 'middle' }, n.name)));
  }
  return svg;
}
