package io.cnnzoo.data.cifar;

import io.cnnzoo.data.Split;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cnnzoo.data.DatasetFormatException;
import io.cnnzoo.data.ImageDataset;
import io.cnnzoo.data.fuzz.FuzzFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Any bytes, raw or behind gzip, read as a CIFAR-10 or CIFAR-100 test file end in a dataset of whole records
 * with labels in range, or in a {@link DatasetFormatException} naming the file.
 */
class CifarFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void cifarFiles(byte[] input) throws IOException {
        if (input.length < 2) {
            return;
        }
        CifarFormat format = (input[1] & 1) == 0 ? CifarFormat.cifar10().withoutRecordCountCheck()
                : CifarFormat.cifar100(CifarFormat.Labels.FINE).withoutRecordCountCheck();
        Path file = FuzzFiles.write("test.bin", input, 2, FuzzFiles.Layer.of(input[0]));
        ImageDataset data;
        try {
            data = format.load(List.of(file), Split.TEST);
        } catch (DatasetFormatException e) {
            FuzzFiles.requireNamed(e, file);
            return;
        }
        for (int i = 0; i < data.size(); i++) {
            if (data.label(i) < 0 || data.label(i) >= format.numClasses()) {
                throw new AssertionError("label " + data.label(i) + " of record " + i + " accepted");
            }
        }
    }
}
