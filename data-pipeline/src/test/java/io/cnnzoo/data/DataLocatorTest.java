package io.cnnzoo.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DESIGN.md's resolution order: explicit dir, $CNNZOO_DATA, ~/.cnnzoo/data, system copies. */
class DataLocatorTest {

    @TempDir
    Path tmp;

    private final DatasetSpec spec = new DatasetSpec("toy", List.of("a", "b"), List.of(), List.of("x", "y"));

    private Path complete(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("a"), new byte[1]);
        Files.write(dir.resolve("b.gz"), new byte[1]);
        return dir;
    }

    @Test
    void searchesExplicitThenEnvironmentThenHomeThenSystem() throws IOException {
        Path explicit = complete(tmp.resolve("explicit"));
        Path env = complete(tmp.resolve("env").resolve("toy"));
        Path home = complete(tmp.resolve("home").resolve(".cnnzoo/data/toy"));
        Map<String, String> environment = Map.of(DataLocator.DATA_ENV, tmp.resolve("env").toString());

        assertEquals(explicit, new DataLocator(explicit, environment, tmp.resolve("home")).locate(spec));
        assertEquals(env, new DataLocator(null, environment, tmp.resolve("home")).locate(spec));
        assertEquals(home, new DataLocator(null, Map.of(), tmp.resolve("home")).locate(spec));
    }

    @Test
    void incompleteFoldersAreSkippedAndAMissingDatasetListsWhereItLooked() throws IOException {
        Path partial = tmp.resolve("home/.cnnzoo/data/toy");
        Files.createDirectories(partial);
        Files.write(partial.resolve("a"), new byte[1]);
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> new DataLocator(null, Map.of(), tmp.resolve("home")).locate(spec));
        assertTrue(e.getMessage().contains(partial.toString()) && e.getMessage().contains("CNNZOO_DATA"),
                e.getMessage());
    }

    @Test
    void anExplicitFolderIsTheOnlyPlaceLookedAtAndNeverFallsBack() throws IOException {
        complete(tmp.resolve("home").resolve(".cnnzoo/data/toy"));
        Path typo = tmp.resolve("nowhere");
        DataLocator locator = new DataLocator(typo, Map.of(), tmp.resolve("home"));
        assertEquals(List.of(typo.resolve("toy")), locator.candidates(spec));
        FileNotFoundException e = assertThrows(FileNotFoundException.class, () -> locator.locate(spec));
        assertTrue(e.getMessage().contains(typo.toString()) && !e.getMessage().contains(".cnnzoo"), e.getMessage());

        // A broken copy there (one file of two) is not replaced by the good one at home either.
        Path broken = tmp.resolve("broken");
        Files.createDirectories(broken);
        Files.write(broken.resolve("a"), new byte[1]);
        assertTrue(new DataLocator(broken, Map.of(), tmp.resolve("home")).find(spec).isEmpty());
    }

    @Test
    void anExplicitFolderIsTheDatasetsFolderOrARootOfThem() throws IOException {
        Path datasetFolder = complete(tmp.resolve("my-copy"));
        assertEquals(datasetFolder, new DataLocator(datasetFolder, Map.of(), tmp).locate(spec));
        Path root = tmp.resolve("datasets");
        Path underRoot = complete(root.resolve("toy"));
        assertEquals(underRoot, new DataLocator(root, Map.of(), tmp).locate(spec));
        // An empty folder bearing the dataset's name is its folder: a fetch fills it instead of nesting toy/toy.
        Path named = Files.createDirectories(tmp.resolve("empty/toy"));
        assertEquals(named, new DataLocator(named, Map.of(), tmp).downloadFolder(spec));
        assertEquals(root.resolve("toy"), new DataLocator(root, Map.of(), tmp).downloadFolder(spec));
    }
}
