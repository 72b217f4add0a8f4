package io.cnnzoo.bench.suite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code --peer} asks for: nothing, or PyTorch when this machine's Python has it. */
public final class PytorchPeerOption {

    /** The interpreter with Debian's python3-torch; $CNNZOO_PYTHON picks another. */
    static final String DEFAULT_PYTHON = "/usr/bin/python3";

    private PytorchPeerOption() {
    }

    /**
     * The peer for {@code value} ("pytorch" or null), or empty with a line on {@code terminal} saying why
     * it is skipped.
     */
    public static Optional<PytorchPeer> resolve(String value, PrintStream terminal) throws InterruptedException {
        if (value == null) {
            return Optional.empty();
        }
        if (!value.equalsIgnoreCase("pytorch")) {
            throw new IllegalArgumentException("--peer " + value + ": the one peer is pytorch");
        }
        String python = System.getenv().getOrDefault("CNNZOO_PYTHON", DEFAULT_PYTHON);
        PytorchPeer peer = new PytorchPeer(Path.of(python));
        Optional<String> why = peer.unavailable();
        if (why.isPresent()) {
            terminal.println("PyTorch peer skipped: " + why.get()
                    + "; on Debian: apt-get install python3-torch python3-torchvision");
            return Optional.empty();
        }
        return Optional.of(peer);
    }
}
