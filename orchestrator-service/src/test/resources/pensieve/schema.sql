-- A Pensieve (memos) database as its SQLite backend creates it: the SQLAlchemy models of
-- arkohut/pensieve (memos/models.py, v0.37) and the raw SQL of memos/databases/initializers.py,
-- spelled the way SQLite's dialect writes them. The FTS5 table uses SQLite's default tokenizer
-- here (Pensieve's 'simple' tokenizer is an extension the test machine does not have); the vec0
-- table is exactly Pensieve's, with the default 768 dimensions.
CREATE TABLE libraries (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	kind VARCHAR(16) DEFAULT 'static' NOT NULL,
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (name)
);
CREATE TABLE folders (
	id INTEGER NOT NULL,
	path VARCHAR NOT NULL,
	library_id INTEGER NOT NULL,
	type VARCHAR(7) NOT NULL,
	last_modified_at DATETIME NOT NULL,
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(library_id) REFERENCES libraries (id)
);
CREATE TABLE entities (
	id INTEGER NOT NULL,
	filepath VARCHAR NOT NULL,
	filename VARCHAR NOT NULL,
	size INTEGER NOT NULL,
	file_created_at DATETIME NOT NULL,
	file_last_modified_at DATETIME NOT NULL,
	file_type VARCHAR NOT NULL,
	file_type_group VARCHAR NOT NULL,
	last_scan_at DATETIME DEFAULT (CURRENT_TIMESTAMP),
	library_id INTEGER NOT NULL,
	folder_id INTEGER NOT NULL,
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	PRIMARY KEY (id),
	CONSTRAINT entities_library_filepath_unique UNIQUE (library_id, filepath),
	FOREIGN KEY(library_id) REFERENCES libraries (id),
	FOREIGN KEY(folder_id) REFERENCES folders (id)
);
CREATE INDEX idx_filepath ON entities (filepath);
CREATE INDEX idx_file_type_group ON entities (file_type_group);
CREATE INDEX idx_file_created_at ON entities (file_created_at);
CREATE TABLE metadata_entries (
	id INTEGER NOT NULL,
	entity_id INTEGER NOT NULL,
	"key" VARCHAR NOT NULL,
	value TEXT NOT NULL,
	source_type VARCHAR(16) NOT NULL,
	source VARCHAR,
	data_type VARCHAR(11) NOT NULL,
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(entity_id) REFERENCES entities (id)
);
CREATE INDEX idx_metadata_entity_id ON metadata_entries (entity_id);
CREATE INDEX idx_metadata_active_app ON metadata_entries ("key", entity_id, value) WHERE "key" = 'active_app';
CREATE TABLE plugins (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	description TEXT,
	webhook_url VARCHAR NOT NULL,
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	PRIMARY KEY (id)
);
CREATE TABLE entity_plugin_status (
	entity_id INTEGER NOT NULL,
	plugin_id INTEGER NOT NULL,
	processed_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	PRIMARY KEY (entity_id, plugin_id),
	FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE,
	FOREIGN KEY(plugin_id) REFERENCES plugins (id) ON DELETE CASCADE
);
CREATE TABLE tags (
	id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	description TEXT,
	color VARCHAR,
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	PRIMARY KEY (id)
);
CREATE TABLE entity_tags (
	id INTEGER NOT NULL,
	entity_id INTEGER NOT NULL,
	tag_id INTEGER NOT NULL,
	source VARCHAR(16) NOT NULL,
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	updated_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(entity_id) REFERENCES entities (id) ON DELETE CASCADE,
	FOREIGN KEY(tag_id) REFERENCES tags (id)
);
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL,
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE VIRTUAL TABLE entities_fts USING fts5(
    id, filepath, tags, metadata,
    prefix = '2 3 4'
);
CREATE VIRTUAL TABLE entities_vec_v2 USING vec0(
    embedding float[768] distance_metric=cosine,
    file_type_group text,
    created_at_timestamp integer,
    file_created_at_timestamp integer,
    file_created_at_date text partition key,
    app_name text,
    library_id integer
);
