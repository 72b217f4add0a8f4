package io.cnnzoo.examples;

import io.cnnzoo.onednn.MallocSettings;
import io.cnnzoo.zoo.Zoo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a project that depends on {@code io.cnnzoo:cnnzoo-cpu} alone gets, checked from the outside: the
 * helpers named by class, as a user would see them with {@code layer.getHelper()}.
 */
class CpuCoordinateTest {

    @Test
    void zooCreateGivesResnet20TheOneDnnHelpersAndItTrains() {
        ComputationGraph net = Zoo.create("resnet20");
        Map<String, Long> helpers = helpersByLayerType(net);
        // resnet20 (option A): 19 convolutions, each followed by batch norm.
        assertEquals(19L, helpers.get("ConvolutionLayer <- io.cnnzoo.onednn.DnnlConvolutionHelper"), helpers.toString());
        assertEquals(19L, helpers.get("BatchNormalization <- io.cnnzoo.onednn.DnnlBatchNormHelper"), helpers.toString());

        Nd4j.getRandom().setSeed(1);
        DataSet batch = new DataSet(Nd4j.rand(DataType.FLOAT, 8, 3, 32, 32), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7));
        net.fit(batch);
        assertTrue(Double.isFinite(net.score()), "loss after one step: " + net.score());
    }

    @Test
    void leNetsPoolingGetsDl4jsOneDnnHelper() {
        Map<String, Long> helpers = helpersByLayerType(Zoo.create("lenet5"));
        assertEquals(2L, helpers.get("SubsamplingLayer <- org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper"),
                helpers.toString());
    }

    @Test
    void theBackendIsNd4jNativeBuiltWithOneDnn() {
        assertEquals("CPU", Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
        assertTrue(Nd4j.getBackend().buildInfo().contains("HAVE_ONEDNN"), Nd4j.getBackend().buildInfo());
    }

    /** The surefire fork has no GLIBC_TUNABLES; the onednn module applies the same settings in process. */
    @Test
    void theMallocSettingsAreAppliedWithoutTheEnvironmentVariable() {
        assertFalse(System.getenv().containsKey("GLIBC_TUNABLES"));
        Zoo.create("lenet5");
        assertEquals(MallocSettings.Outcome.APPLIED, MallocSettings.applyOnce());
    }

    /** cnnzoo-zoo is backend-neutral: it plants nothing in DL4J's or ND4J's packages. */
    @Test
    void theZooArtifactHoldsNoClassOutsideIoCnnzoo() throws IOException, URISyntaxException {
        Path zoo = Path.of(Zoo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> classes;
        if (Files.isDirectory(zoo)) { // a reactor build before `package` resolves to target/classes
            try (Stream<Path> files = Files.walk(zoo)) {
                classes = files.map(f -> zoo.relativize(f).toString().replace('\\', '/'))
                        .filter(name -> name.endsWith(".class")).toList();
            }
        } else {
            try (JarFile jar = new JarFile(zoo.toFile())) {
                classes = jar.stream().map(e -> e.getName()).filter(name -> name.endsWith(".class")).toList();
            }
        }
        assertTrue(classes.size() > 50, zoo + " holds only " + classes.size() + " classes");
        List<String> foreign = classes.stream().filter(name -> !name.startsWith("io/cnnzoo/")).toList();
        assertTrue(foreign.isEmpty(), zoo + " holds classes outside io.cnnzoo: " + foreign);
    }

    private static Map<String, Long> helpersByLayerType(ComputationGraph graph) {
        return Stream.of(graph.getLayers())
                .filter(layer -> layer.getHelper() != null)
                .collect(Collectors.groupingBy(
                        layer -> layer.getClass().getSimpleName() + " <- " + layer.getHelper().getClass().getName(),
                        TreeMap::new, Collectors.counting()));
    }
}
