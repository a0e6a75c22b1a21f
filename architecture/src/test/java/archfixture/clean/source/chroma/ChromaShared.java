package archfixture.clean.source.chroma;

import archfixture.clean.source.sqlite.SqliteShared;

/** Chroma may build on SQLite: its store is a SQLite file. */
public class ChromaShared extends SqliteShared {}
