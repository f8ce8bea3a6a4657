package co.entrega.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Drops files into a folder inbox the way a careful ERP does: written under a hidden name, then renamed. */
public final class InboxFolder {

    private final Path folder;

    public InboxFolder(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    public Path drop(String name, byte[] content) throws IOException {
        Path hidden = folder.resolve("." + name + ".writing");
        Files.write(hidden, content);
        return Files.move(hidden, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    public Path path() {
        return folder;
    }

    /** Files still waiting in the inbox itself (processed ones are moved to .done). */
    public long pending() throws IOException {
        try (var files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
    }
}
