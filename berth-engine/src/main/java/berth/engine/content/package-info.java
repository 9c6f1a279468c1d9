/**
 * Content-addressed blobs (manifests, configs, compressed layers) under {@code <data-root>/content}. Owns the ingest
 * commit sequence (write while hashing, fsync, verify, rename, fsync the directory, make read-only) and the verifying
 * read stream. Invariant: a file under {@code blobs/sha256/} always hashes to its name. Depends only on {@code sys}.
 */
package berth.engine.content;
