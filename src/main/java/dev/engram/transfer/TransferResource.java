package dev.engram.transfer;

import dev.engram.api.TransferApi;
import dev.engram.api.model.ImportReport;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;

/** The transfer routes of the contract (an Engram extension); the logic is in the two services. */
public class TransferResource implements TransferApi {

    private final TransferExport export;
    private final TransferImport importer;

    public TransferResource(TransferExport export, TransferImport importer) {
        this.export = export;
        this.importer = importer;
    }

    @Override
    public StreamingOutput exportRecords(List<String> users) {
        // Resolved before the first byte, so an unknown user still answers 404.
        List<Long> selected = export.selectUsers(users);
        return out -> export.write(selected, out);
    }

    @Override
    public ImportReport importRecords(String body) {
        return importer.importLines(body);
    }
}
