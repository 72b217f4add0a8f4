package io.cnnzoo.zoo.wrn;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wide residual networks (Zagoruyko and Komodakis, "Wide Residual Networks", BMVC 2016).
 *
 * <pre>{@code
 * ComputationGraph wrn28x10 = WideResNet.wrn(28, 10).build();
 * ComputationGraph wrn16x8  = WideResNet.named("wrn-16-8").dropout(0.3).build();
 * }</pre>
 */
public final class WideResNet {

    /** Registry names of the family: {@code wrn-<depth>-<k>}, for example {@code wrn-28-10}. */
    public static final Pattern NAME = Pattern.compile("wrn-(\\d{1,5})-(\\d{1,4})");

    private WideResNet() {
    }

    /** WRN-{@code depth}-{@code k}: depth = 6n + 4 (10, 16, 22, 28, 40, ...), widening factor k >= 1. */
    public static WideResNetBuilder wrn(int depth, int k) {
        return new WideResNetBuilder(depth, k);
    }

    /** Whether {@code name} has the form {@code wrn-<depth>-<k>} (the numbers are checked by {@link #named}). */
    public static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    /** The builder for a registry name such as {@code wrn-28-10}. */
    public static WideResNetBuilder named(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("a wide ResNet name has the form wrn-<depth>-<k> (wrn-28-10), got '"
                    + name + "'");
        }
        return wrn(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
}
