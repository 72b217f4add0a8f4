package io.cnnzoo.data.fetch;

/** Whether {@link DatasetFiles#resolve} may download a dataset that is not on disk. */
public enum FetchPolicy {
    /** Never download: a missing dataset fails with where it was looked for and the command that fetches it. */
    OFFLINE,
    /** Download a missing dataset into the cache, saying so (with progress) through the listener. */
    DOWNLOAD
}
