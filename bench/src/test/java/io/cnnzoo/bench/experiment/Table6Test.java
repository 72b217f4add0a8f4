package io.cnnzoo.bench.experiment;

import io.cnnzoo.reports.curves.CurvesCsv;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Table 6 from a fixture run (resnets-three-seeds.csv: resnet20 and resnet56, seeds 1-3, final test errors
 * 8.5/8.8/9.1% and 7.0/7.2/7.4%) beside He et al. 2016's Table 6 (8.75 and 6.97; 0.27M and 0.85M parameters).
 */
class Table6Test {

    private static final Map<String, Long> PARAMS = Map.of("resnet20", 269_722L, "resnet56", 853_018L);

    private static List<Table6.Row> rows(DegradationConfig config, Set<String> diverged) throws Exception {
        Path csv = Path.of(Table6Test.class.getResource("resnets-three-seeds.csv").toURI());
        return Table6.rows(config, CurvesCsv.read(csv), PARAMS, diverged);
    }

    @Test
    void meanAndStandardDeviationOverSeedsBesideThePapersValue() throws Exception {
        DegradationConfig config = TestConfigs.tinyPaper("models", "resnet20,resnet56", "seeds", "1,2,3");
        String table = Table6.markdown(rows(config, Set.of()), config.heldOut());
        // mean 8.80, sample sd 0.30, paper 8.75: +0.05; mean 7.20, sd 0.20, paper 6.97: +0.23
        assertTrue(table.contains("| resnet20 | 20 | 0.27M | 8.80 ± 0.30 | 3 | 8.75 | +0.05 |"), table);
        assertTrue(table.contains("| resnet56 | 56 | 0.85M | 7.20 ± 0.20 | 3 | 6.97 | +0.23 |"), table);
        assertTrue(table.contains("test error (%)"), table);
    }

    @Test
    void aDivergedRunIsCountedApartAndLeftOutOfTheMean() throws Exception {
        DegradationConfig config = TestConfigs.tinyPaper("models", "resnet20,resnet56", "seeds", "1,2,3");
        List<Table6.Row> rows = rows(config, Set.of("resnet20@3"));
        assertEquals(8.65, rows.get(0).mean(), 1e-9);
        assertTrue(Table6.markdown(rows, "test").contains("| 2 (+1 diverged) |"));
    }

    /** Table 6 is about He et al.'s CIFAR ResNets: a pre-activation ResNet-110 is not compared with 6.43. */
    @Test
    void onlyTheFamilyOfTable6IsCompared() {
        assertEquals(java.util.Optional.of(6.43), HeEtAl2016.cifar10TestError("resnet-cifar", 110));
        assertEquals(java.util.Optional.empty(), HeEtAl2016.cifar10TestError(
                io.cnnzoo.zoo.Zoo.spec("preact-resnet110").family(), 110));
    }

    /** The paper's numbers are CIFAR-10 test errors: a validation run, or another dataset, is not compared. */
    @Test
    void thePapersValueOnlyWhereItIsComparable() throws Exception {
        DegradationConfig validation = TestConfigs.tinyPaper("models", "resnet20,resnet56", "seeds", "1,2,3",
                "validationSize", "5000");
        String table = Table6.markdown(rows(validation, Set.of()), validation.heldOut());
        assertTrue(table.contains("| resnet20 | 20 | 0.27M | 8.80 ± 0.30 | 3 | - | - |"), table);
        assertTrue(table.contains("validation error (%)"), table);
    }
}
