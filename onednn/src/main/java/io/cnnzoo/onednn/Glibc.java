package io.cnnzoo.onednn;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * glibc's {@code mallopt(3)}, through a JNI stub JavaCPP's Builder compiles when this module is built
 * (onednn/pom.xml; it needs a C++ compiler). Java 17's foreign-function API cannot do this from a plain
 * {@code java -cp}: it is an incubator module and its restricted methods need {@code --enable-native-access}.
 */
@Platform(value = "linux-x86_64", include = "<malloc.h>")
public final class Glibc {

    /** {@code M_TRIM_THRESHOLD}, {@code M_TOP_PAD} and {@code M_MMAP_THRESHOLD} from glibc's malloc.h. */
    static final int M_TRIM_THRESHOLD = -1;
    static final int M_TOP_PAD = -2;
    static final int M_MMAP_THRESHOLD = -3;

    static {
        Loader.load();
    }

    private Glibc() {
    }

    /** Sets one malloc parameter for the whole process; 1 on success, 0 when glibc refuses the value. */
    public static native int mallopt(int param, int value);
}
