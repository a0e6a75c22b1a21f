/**
 * Command-line programs of the demo and the benchmarks, run through {@code tributary_tool} in
 * {@code deploy/local/lib.sh}; no service depends on them. {@link
 * io.tributary.tools.SampleDatabase}: the demo's SQLite shop (also a test fixture). {@link
 * io.tributary.tools.BenchDataset}: the bench's deterministic SQLite database of a given size.
 * {@link io.tributary.tools.SteadyChangeWriter}: commits changes at a fixed rate into a SQLite or
 * PostgreSQL source. {@link io.tributary.tools.BinaryCopyExporter}: a SQLite table as a binary COPY
 * file (the bench's COPY peer).
 */
package io.tributary.tools;
