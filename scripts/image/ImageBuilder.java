import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * make image: the packaged server (target/quarkus-app) as an OCI image tarball, built with Jib's
 * core library on a base image tarball (scripts/image/base.sh), with no Docker daemon and no
 * registry. Load it with {@code docker load -i} or {@code podman load -i}.
 *
 * <p>Layers from the least to the most often changed, so that a rebuild after a code change
 * replaces only the last ones: the libraries (lib/), Quarkus' generated classes (quarkus/), the
 * application (app/ and the launcher jar).
 *
 * <pre>java -cp "$(jib-core class path)" scripts/image/ImageBuilder.java base.tar out.tar engram:latest [quarkus-app dir]</pre>
 */
public class ImageBuilder {

    static final AbsoluteUnixPath DEPLOYMENTS = AbsoluteUnixPath.get("/deployments");

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ImageBuilder base.tar out.tar name:tag [target/quarkus-app]");
            System.exit(2);
        }
        Path base = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String name = args[2];
        Path app = Path.of(args.length > 3 ? args[3] : "target/quarkus-app");
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + "/quarkus-run.jar is missing: build the server first (make build)");
        }
        Files.createDirectories(out.toAbsolutePath().getParent());

        JibContainerBuilder image = Jib.from(TarImage.at(base))
                .setFormat(ImageFormat.OCI)
                .addFileEntriesLayer(layer("libraries", app, "lib"))
                .addFileEntriesLayer(layer("quarkus", app, "quarkus"))
                .addFileEntriesLayer(layer("application", app, "app", "quarkus-run.jar", "quarkus-app-dependencies.txt"))
                // A shell entry point so that JAVA_OPTS can be changed with `-e`, and arguments after
                // the image name reach the jar: `docker run … engram export --out …` runs the CLI.
                .setEntrypoint("/bin/sh", "-c", "exec java $JAVA_OPTS -jar /deployments/quarkus-run.jar \"$@\"", "engram")
                .setEnvironment(Map.of(
                        "JAVA_OPTS", "-Xms32m -Xmx512m -XX:+UseSerialGC",
                        "ENGRAM_DATA_DIR", "/data",
                        "LANG", "C.UTF-8"))
                .addVolume(AbsoluteUnixPath.get("/data"))
                .addExposedPort(Port.tcp(8000))
                .setWorkingDirectory(DEPLOYMENTS)
                .setUser("engram")
                .addLabel("org.opencontainers.image.title", "Engram")
                .addLabel("org.opencontainers.image.description",
                        "Self-hosted memory server speaking the Zep v2 Memory API");

        Path cache = Path.of("target/image-cache").toAbsolutePath();
        Containerizer to = Containerizer.to(TarImage.at(out).named(name))
                .setOfflineMode(true) // everything comes from local files
                .setBaseImageLayersCache(cache.resolve("base"))
                .setApplicationLayersCache(cache.resolve("application"))
                .setToolName("engram-make-image")
                .addEventHandler(LogEvent.class, event -> {
                    if (event.getLevel().compareTo(LogEvent.Level.LIFECYCLE) <= 0) {
                        System.out.println("image: " + event.getMessage());
                    }
                });
        long started = System.nanoTime();
        JibContainer built = image.containerize(to);
        System.out.printf("image: %s written to %s (%d MB) in %.1f s%n  digest %s%n  load it: docker load -i %s (or podman load -i %s)%n",
                name, out, Files.size(out) >> 20, (System.nanoTime() - started) / 1e9, built.getDigest(), out, out);
    }

    /** A layer of the given entries of the quarkus-app directory, at the same place under /deployments. */
    static FileEntriesLayer layer(String name, Path app, String... entries) throws java.io.IOException {
        FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(name);
        List<String> missing = new ArrayList<>();
        for (String entry : entries) {
            Path source = app.resolve(entry);
            if (!Files.exists(source)) {
                missing.add(entry);
                continue;
            }
            layer.addEntryRecursive(source, DEPLOYMENTS.resolve(entry));
        }
        if (missing.size() == entries.length) {
            throw new IllegalStateException("nothing of " + List.of(entries) + " in " + app);
        }
        return layer.build();
    }
}
