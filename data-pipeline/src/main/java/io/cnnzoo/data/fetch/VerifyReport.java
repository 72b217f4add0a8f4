package io.cnnzoo.data.fetch;

import io.cnnzoo.data.DatasetSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * The verdicts on every file of a dataset in one folder.
 *
 * @param spec  the dataset
 * @param dir   the folder checked
 * @param files one verdict per file of {@link DatasetSpec#files()}, in that order
 */
public record VerifyReport(DatasetSpec spec, Path dir, List<FileCheck> files) {

    public VerifyReport {
        files = List.copyOf(files);
    }

    /** Every file matched a checksum. */
    public boolean verified() {
        return files.stream().allMatch(f -> f.status() == FileCheck.Status.OK);
    }

    /** Some file is missing or differs from what is recorded. */
    public boolean failed() {
        return files.stream().anyMatch(f -> f.status() == FileCheck.Status.MISMATCH
                || f.status() == FileCheck.Status.MISSING);
    }

    /** One word for the folder: verified, unchecked (complete, some files without a checksum), or failed. */
    public String verdict() {
        long ok = files.stream().filter(f -> f.status() == FileCheck.Status.OK).count();
        if (verified()) {
            return "verified (" + ok + "/" + files.size() + " files)";
        }
        return failed() ? "FAILED (" + files.stream().filter(f -> f.status() == FileCheck.Status.MISMATCH
                || f.status() == FileCheck.Status.MISSING).count() + " of " + files.size() + " files)"
                : "present, not fully verified (" + ok + "/" + files.size() + " files have a checksum)";
    }
}
