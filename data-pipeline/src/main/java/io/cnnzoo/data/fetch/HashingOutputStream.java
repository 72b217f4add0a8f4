package io.cnnzoo.data.fetch;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Writes through to another stream while digesting what passes ({@link Hasher}). */
final class HashingOutputStream extends FilterOutputStream {

    private final Hasher hasher = new Hasher();

    HashingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        out.write(buffer, offset, length);
        hasher.update(buffer, offset, length);
    }

    FileDigest digest() {
        return hasher.digest();
    }
}
