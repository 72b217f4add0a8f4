package io.cnnzoo.bench.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/models.md embeds `cnnzoo models`; this keeps the page true when the registry changes. */
class ModelsDocTest {

    private static final String BEGIN = "<!-- cnnzoo models: begin -->\n";
    private static final String END = "<!-- cnnzoo models: end -->";

    @Test
    void docsModelsEmbedsTheCurrentModelTable() throws IOException {
        Path doc = Path.of("..", "docs", "models.md");
        String text = Files.readString(doc);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, doc + " must hold the table between '" + BEGIN.strip() + "' and '"
                + END + "'");
        assertEquals(ModelsCommand.markdown(ModelsCommand.rows()), text.substring(begin + BEGIN.length(), end),
                doc + " is out of date: paste the output of ./cnnzoo models between the markers");
    }
}
