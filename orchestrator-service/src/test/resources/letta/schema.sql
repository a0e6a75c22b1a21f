-- Test resource of LettaMigrationIT (orchestrator-service): Letta's real PostgreSQL schema.
-- Source: letta-ai/letta, alembic head 1c28e167b74f (last code commit 56ba9c25552605eec89de8ed3dc6394b625c1993);
-- its pg_dump --schema-only was verified byte-identical to the one of a database built by Letta's own
-- 167 alembic migrations (alembic upgrade head, PostgreSQL 15, pgvector). Kept as written; do not edit.

-- =============================================================================
-- Letta (letta-ai/letta, formerly cpacker/MemGPT) PostgreSQL schema
-- =============================================================================
-- Reproduces the schema that `alembic upgrade head` creates on PostgreSQL at
-- alembic head revision 1c28e167b74f ("add last_message_at to conversations",
-- 2026-03-22), i.e. the last code commit of letta-ai/letta before the repository
-- was archived (commit 56ba9c25552605eec89de8ed3dc6394b625c1993, letta 0.16.7/0.16.8).
--
-- Source of facts: letta/orm/*.py (SQLAlchemy ORM) and alembic/versions/*.py
-- (167 revisions, single head). Where the ORM and the migrations disagree, this
-- file follows what the migrations actually produce in PostgreSQL (that is what
-- a real Letta server database looks like: the server runs
-- `alembic upgrade head` on start, letta/server/startup.sh). Every such
-- difference is called out with a "DRIFT" comment and in notes.md.
--
-- Column order, constraint names and index names are those of the real
-- migrated database.
--
-- The objects are created unqualified (in the first schema of search_path).
-- Letta's own docker init.sql creates a schema named after the database
-- ("letta"), sets the database search_path to it and drops "public".
--
-- Tables: 48 ORM tables (+ alembic's own alembic_version bookkeeping table at
-- the end). Tables WITHOUT a primary key: agents_tags, blocks_agents,
-- tools_agents (marked "NO PRIMARY KEY" below).
-- =============================================================================

CREATE EXTENSION IF NOT EXISTS vector;

-- -----------------------------------------------------------------------------
-- Native PostgreSQL enum types (created by sa.Enum in the migrations; labels are
-- the Python enum member NAMES, upper case, except stopreasontype).
-- -----------------------------------------------------------------------------
CREATE TYPE sandboxtype AS ENUM ('E2B', 'MODAL', 'LOCAL');           -- sandbox_configs.type ('MODAL' added with ADD VALUE ... AFTER 'E2B')
CREATE TYPE stepstatus AS ENUM ('PENDING', 'SUCCESS', 'FAILED', 'CANCELLED'); -- steps.status
CREATE TYPE vectordbprovider AS ENUM ('NATIVE', 'TPUF', 'PINECONE');  -- archives.vector_db_provider, sources.vector_db_provider
-- stopreasontype is an ORPHAN type: created by revision cce9a6174366 for
-- steps.stop_reason, the column was converted to VARCHAR by 887a4367b560 but the
-- type was never dropped. No column uses it.
CREATE TYPE stopreasontype AS ENUM ('end_turn', 'error', 'invalid_tool_call', 'max_steps', 'no_tool_call', 'tool_rule', 'cancelled');

-- -----------------------------------------------------------------------------
-- Sequence (not OWNED BY any column) backing messages.sequence_id
-- -----------------------------------------------------------------------------
CREATE SEQUENCE message_seq_id START 1;   -- bigint, increment 1, cache 1

-- =============================================================================
-- Tables
-- =============================================================================

-- organizations  (letta/orm/organization.py)
CREATE TABLE organizations (
    id                  varchar     NOT NULL,
    name                varchar     NOT NULL,
    created_at          timestamptz,                       -- DRIFT: ORM says server_default now(); DB has no default
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    privileged_tools    boolean     NOT NULL,
    CONSTRAINT organizations_pkey PRIMARY KEY (id)
);

-- users  (letta/orm/user.py)
CREATE TABLE users (
    id                  varchar     NOT NULL,
    name                varchar     NOT NULL,
    created_at          timestamptz,                       -- DRIFT: no server default in DB
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);

-- agents  (letta/orm/agent.py)
CREATE TABLE agents (
    id                              varchar     NOT NULL,
    name                            varchar,
    created_at                      timestamptz DEFAULT now(),
    description                     varchar,
    message_ids                     json,
    system                          varchar,
    agent_type                      varchar,
    llm_config                      json,
    embedding_config                json,
    metadata_                       json,
    tool_rules                      json,
    updated_at                      timestamptz DEFAULT now(),
    is_deleted                      boolean     NOT NULL DEFAULT false,
    _created_by_id                  varchar,
    _last_updated_by_id             varchar,
    organization_id                 varchar     NOT NULL,
    project_id                      varchar,
    template_id                     varchar,
    base_template_id                varchar,
    message_buffer_autoclear        boolean     NOT NULL,
    enable_sleeptime                boolean,
    response_format                 json,
    last_run_completion             timestamptz,
    last_run_duration_ms            integer,
    timezone                        varchar,
    max_files_open                  integer,
    per_file_view_window_char_limit integer,
    hidden                          boolean,
    entity_id                       varchar,
    deployment_id                   varchar,
    _vector_db_namespace            varchar,
    last_stop_reason                varchar,
    compaction_settings             json,
    CONSTRAINT agents_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_agents_created_at                    ON agents (created_at, id);
CREATE INDEX ix_agents_organization_id_created_by_id ON agents (organization_id, _created_by_id);
CREATE INDEX ix_agents_organization_id_deployment_id ON agents (organization_id, deployment_id);
CREATE INDEX ix_agents_project_id                    ON agents (project_id);

-- agents_tags  (letta/orm/agents_tags.py)
-- NO PRIMARY KEY. DRIFT: the ORM declares PRIMARY KEY (agent_id, tag), but the
-- table's original PK (agent_id, id) vanished when revision d05669b60ebe dropped
-- column "id"; no later revision re-created a PK. Row identity = UNIQUE (agent_id, tag),
-- both columns NOT NULL.
CREATE TABLE agents_tags (
    agent_id varchar NOT NULL,
    tag      varchar NOT NULL,
    CONSTRAINT unique_agent_tag UNIQUE (agent_id, tag)
);
CREATE INDEX ix_agents_tags_agent_id_tag ON agents_tags (agent_id, tag);
CREATE INDEX ix_agents_tags_tag_agent_id ON agents_tags (tag, agent_id);

-- archives  (letta/orm/archive.py)
CREATE TABLE archives (
    name                 varchar          NOT NULL,
    description          varchar,
    metadata_            json,
    id                   varchar          NOT NULL,
    created_at           timestamptz      DEFAULT now(),
    updated_at           timestamptz      DEFAULT now(),
    is_deleted           boolean          NOT NULL DEFAULT false,
    _created_by_id       varchar,
    _last_updated_by_id  varchar,
    organization_id      varchar          NOT NULL,
    vector_db_provider   vectordbprovider NOT NULL,
    _vector_db_namespace varchar,
    embedding_config     json,
    CONSTRAINT archives_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_archives_created_at      ON archives (created_at, id);
CREATE INDEX ix_archives_organization_id ON archives (organization_id);

-- archives_agents  (letta/orm/archives_agents.py)
CREATE TABLE archives_agents (
    agent_id   varchar     NOT NULL,
    archive_id varchar     NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    is_owner   boolean     NOT NULL,
    CONSTRAINT archives_agents_pkey PRIMARY KEY (agent_id, archive_id),
    CONSTRAINT unique_agent_archive UNIQUE (agent_id)
);

-- archival_passages  (letta/orm/passage.py: ArchivalPassage)
-- (table was created as "agent_passages" and later renamed: constraint names
-- still carry the old name)
CREATE TABLE archival_passages (
    id                  varchar      NOT NULL,
    text                varchar      NOT NULL,
    embedding_config    json,
    metadata_           json         NOT NULL,
    embedding           vector(4096),                      -- MAX_EMBEDDING_DIM = 4096 (letta/constants.py), zero-padded
    created_at          timestamptz  DEFAULT now(),
    updated_at          timestamptz  DEFAULT now(),
    is_deleted          boolean      NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar      NOT NULL,
    archive_id          varchar      NOT NULL,
    tags                json,
    CONSTRAINT agent_passages_pkey PRIMARY KEY (id)
);
CREATE INDEX archival_passages_created_at_id_idx ON archival_passages (created_at, id);
CREATE INDEX ix_archival_passages_archive_id     ON archival_passages (archive_id);
CREATE INDEX ix_archival_passages_org_archive    ON archival_passages (organization_id, archive_id);

-- block  (letta/orm/block.py)
CREATE TABLE block (
    id                       varchar     NOT NULL,
    value                    varchar     NOT NULL,
    "limit"                  integer     NOT NULL,
    template_name            varchar,
    label                    varchar     NOT NULL,
    metadata_                json,
    description              varchar,
    is_template              boolean     NOT NULL,
    organization_id          varchar     NOT NULL,
    created_at               timestamptz DEFAULT now(),
    updated_at               timestamptz DEFAULT now(),
    is_deleted               boolean     NOT NULL DEFAULT false,
    _created_by_id           varchar,
    _last_updated_by_id      varchar,
    current_history_entry_id varchar,
    version                  integer     NOT NULL DEFAULT 1,   -- SQLAlchemy optimistic-locking version_id_col
    read_only                boolean     NOT NULL,
    preserve_on_migration    boolean,
    project_id               varchar,
    entity_id                varchar,
    base_template_id         varchar,
    template_id              varchar,
    deployment_id            varchar,
    hidden                   boolean,
    CONSTRAINT block_pkey PRIMARY KEY (id),
    CONSTRAINT unique_block_id_label UNIQUE (id, label)        -- target of blocks_agents composite FK
);
CREATE INDEX created_at_label_idx                   ON block (created_at, label);
CREATE INDEX ix_block_current_history_entry_id      ON block (current_history_entry_id);
CREATE INDEX ix_block_hidden                        ON block (hidden);
CREATE INDEX ix_block_is_template                   ON block (is_template);
CREATE INDEX ix_block_org_project_template          ON block (organization_id, project_id, is_template);
CREATE INDEX ix_block_organization_id_deployment_id ON block (organization_id, deployment_id);

-- block_history  (letta/orm/block_history.py)
CREATE TABLE block_history (
    description         text,
    label               varchar     NOT NULL,
    value               text        NOT NULL,
    "limit"             bigint      NOT NULL,
    metadata_           json,
    actor_type          varchar,
    actor_id            varchar,
    block_id            varchar     NOT NULL,
    sequence_number     integer     NOT NULL,
    organization_id     varchar     NOT NULL,
    id                  varchar     NOT NULL,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    CONSTRAINT block_history_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_block_history_block_id_sequence ON block_history (block_id, sequence_number);

-- blocks_agents  (letta/orm/blocks_agents.py)
-- NO PRIMARY KEY. DRIFT: ORM declares PRIMARY KEY (agent_id, block_id, block_label);
-- the PK disappeared when d05669b60ebe dropped column "id". Row identity =
-- UNIQUE (agent_id, block_id) [also UNIQUE (agent_id, block_label)], all NOT NULL.
CREATE TABLE blocks_agents (
    agent_id    varchar NOT NULL,
    block_id    varchar NOT NULL,
    block_label varchar NOT NULL,
    CONSTRAINT unique_agent_block UNIQUE (agent_id, block_id),
    CONSTRAINT unique_label_per_agent UNIQUE (agent_id, block_label)
);
CREATE INDEX ix_blocks_agents_block_id              ON blocks_agents (block_id);
CREATE INDEX ix_blocks_agents_block_label_agent_id  ON blocks_agents (block_label, agent_id);

-- blocks_tags  (letta/orm/blocks_tags.py)
CREATE TABLE blocks_tags (
    block_id            varchar     NOT NULL,
    tag                 varchar     NOT NULL,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    -- DRIFT: the migration named the PRIMARY KEY "unique_block_tag"; the ORM's
    -- separate UniqueConstraint and its two indexes ix_blocks_tags_block_id_tag /
    -- ix_blocks_tags_tag_block_id do not exist in the migrated DB.
    CONSTRAINT unique_block_tag PRIMARY KEY (block_id, tag)
);

-- conversations  (letta/orm/conversation.py)
CREATE TABLE conversations (
    id                  varchar     NOT NULL,
    agent_id            varchar     NOT NULL,
    summary             varchar,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    model               varchar,
    model_settings      json,
    last_message_at     timestamptz,
    CONSTRAINT conversations_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_conversations_agent_id                  ON conversations (agent_id);
CREATE INDEX ix_conversations_org_agent                 ON conversations (organization_id, agent_id);
CREATE INDEX ix_conversations_org_agent_last_message_at ON conversations (organization_id, agent_id, last_message_at);

-- blocks_conversations  (letta/orm/blocks_conversations.py)
CREATE TABLE blocks_conversations (
    conversation_id varchar NOT NULL,
    block_id        varchar NOT NULL,
    block_label     varchar NOT NULL,
    CONSTRAINT blocks_conversations_pkey PRIMARY KEY (conversation_id, block_id, block_label),
    CONSTRAINT unique_conversation_block UNIQUE (conversation_id, block_id),
    CONSTRAINT unique_label_per_conversation UNIQUE (conversation_id, block_label)
);
CREATE INDEX ix_blocks_conversations_block_id ON blocks_conversations (block_id);

-- messages  (letta/orm/message.py)
CREATE TABLE messages (
    id                  varchar     NOT NULL,
    agent_id            varchar     NOT NULL,
    role                varchar     NOT NULL,
    text                varchar,
    model               varchar,
    name                varchar,
    tool_calls          json        NOT NULL,
    tool_call_id        varchar,
    created_at          timestamptz,                        -- DRIFT: no server default in DB
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    step_id             varchar,
    otid                varchar,
    tool_returns        json,
    group_id            varchar,
    content             json,
    sequence_id         bigint      NOT NULL DEFAULT nextval('message_seq_id'::regclass),
    sender_id           varchar,
    batch_item_id       varchar,
    is_err              boolean,
    approval_request_id varchar,
    approve             boolean,
    denial_reason       varchar,
    run_id              varchar,
    approvals           json,
    conversation_id     varchar,
    CONSTRAINT messages_pkey PRIMARY KEY (id),
    CONSTRAINT uq_messages_sequence_id UNIQUE (sequence_id)
);
CREATE INDEX idx_messages_on_updated_at              ON messages (updated_at);
CREATE INDEX idx_messages_step_id                    ON messages (step_id);
CREATE INDEX ix_messages_agent_conversation_sequence ON messages (agent_id, conversation_id, sequence_id);
CREATE INDEX ix_messages_agent_created_at            ON messages (agent_id, created_at);
CREATE INDEX ix_messages_agent_sequence              ON messages (agent_id, sequence_id);
CREATE INDEX ix_messages_conversation_id             ON messages (conversation_id);
CREATE INDEX ix_messages_created_at                  ON messages (created_at, id);
CREATE INDEX ix_messages_org_agent                   ON messages (organization_id, agent_id);
CREATE INDEX ix_messages_run_sequence                ON messages (run_id, sequence_id);

-- conversation_messages  (letta/orm/conversation_messages.py)
CREATE TABLE conversation_messages (
    id                  varchar     NOT NULL,
    conversation_id     varchar,                             -- NULL = the agent's default conversation
    agent_id            varchar     NOT NULL,
    message_id          varchar     NOT NULL,
    "position"          integer     NOT NULL,
    in_context          boolean     NOT NULL,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    CONSTRAINT conversation_messages_pkey PRIMARY KEY (id),
    CONSTRAINT unique_conversation_message UNIQUE (conversation_id, message_id)  -- conversation_id is nullable
);
CREATE INDEX ix_conv_msg_agent_conversation    ON conversation_messages (agent_id, conversation_id);
CREATE INDEX ix_conv_msg_agent_id              ON conversation_messages (agent_id);
CREATE INDEX ix_conv_msg_conversation_position ON conversation_messages (conversation_id, "position");
CREATE INDEX ix_conv_msg_message_id            ON conversation_messages (message_id);

-- sources  (letta/orm/source.py)
CREATE TABLE sources (
    id                  varchar          NOT NULL,
    name                varchar          NOT NULL,
    created_at          timestamptz      DEFAULT now(),
    embedding_config    json             NOT NULL,
    description         varchar,
    metadata_           json,
    updated_at          timestamptz      DEFAULT now(),
    is_deleted          boolean          NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar          NOT NULL,
    instructions        varchar,
    vector_db_provider  vectordbprovider NOT NULL,
    CONSTRAINT sources_pkey PRIMARY KEY (id),
    CONSTRAINT uq_source_name_organization UNIQUE (name, organization_id)
);
CREATE INDEX source_created_at_id_idx ON sources (created_at, id);

-- files  (letta/orm/file.py: FileMetadata)
CREATE TABLE files (
    id                      varchar     NOT NULL,
    source_id               varchar     NOT NULL,
    file_name               varchar,
    file_path               varchar,
    file_type               varchar,
    file_size               integer,
    file_creation_date      varchar,
    file_last_modified_date varchar,
    created_at              timestamptz DEFAULT now(),
    updated_at              timestamptz DEFAULT now(),
    is_deleted              boolean     NOT NULL DEFAULT false,
    _created_by_id          varchar,
    _last_updated_by_id     varchar,
    organization_id         varchar     NOT NULL,
    processing_status       varchar     NOT NULL,
    error_message           text,
    original_file_name      varchar,
    total_chunks            integer,
    chunks_embedded         integer,
    CONSTRAINT files_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_files_org_created       ON files (organization_id, created_at DESC);
CREATE INDEX ix_files_processing_status ON files (processing_status);
CREATE INDEX ix_files_source_created    ON files (source_id, created_at DESC);

-- file_contents  (letta/orm/file.py: FileContent)
CREATE TABLE file_contents (
    file_id             varchar     NOT NULL,
    text                text        NOT NULL,
    id                  varchar     NOT NULL,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    CONSTRAINT file_contents_pkey PRIMARY KEY (file_id, id),   -- DRIFT: ORM says PK (id)
    CONSTRAINT uq_file_contents_file_id UNIQUE (file_id)
);

-- files_agents  (letta/orm/files_agents.py)
CREATE TABLE files_agents (
    id                  varchar     NOT NULL,
    file_id             varchar     NOT NULL,
    agent_id            varchar     NOT NULL,
    is_open             boolean     NOT NULL,
    visible_content     text,
    last_accessed_at    timestamptz NOT NULL DEFAULT now(),
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    file_name           varchar     NOT NULL,
    source_id           varchar     NOT NULL,
    start_line          integer,
    end_line            integer,
    CONSTRAINT files_agents_pkey PRIMARY KEY (id, file_id, agent_id),  -- DRIFT: ORM says PK (id)
    CONSTRAINT uq_agent_filename UNIQUE (agent_id, file_name),
    CONSTRAINT uq_file_agent UNIQUE (file_id, agent_id)
);
CREATE INDEX ix_agent_filename ON files_agents (agent_id, file_name);
CREATE INDEX ix_file_agent     ON files_agents (file_id, agent_id);

-- groups  (letta/orm/group.py)
CREATE TABLE groups (
    id                        varchar     NOT NULL,
    description               varchar     NOT NULL,
    manager_type              varchar     NOT NULL,
    manager_agent_id          varchar,
    termination_token         varchar,
    max_turns                 integer,
    created_at                timestamptz DEFAULT now(),
    updated_at                timestamptz DEFAULT now(),
    is_deleted                boolean     NOT NULL DEFAULT false,
    _created_by_id            varchar,
    _last_updated_by_id       varchar,
    organization_id           varchar     NOT NULL,
    agent_ids                 json        NOT NULL,
    sleeptime_agent_frequency integer,
    turns_counter             integer,
    last_processed_message_id varchar,
    max_message_buffer_length integer,
    min_message_buffer_length integer,
    project_id                varchar,
    base_template_id          varchar,
    template_id               varchar,
    deployment_id             varchar,
    hidden                    boolean,
    CONSTRAINT groups_pkey PRIMARY KEY (id)
);

-- groups_agents  (letta/orm/groups_agents.py)
CREATE TABLE groups_agents (
    group_id varchar NOT NULL,
    agent_id varchar NOT NULL,
    CONSTRAINT groups_agents_pkey PRIMARY KEY (group_id, agent_id)
);

-- groups_blocks  (letta/orm/groups_blocks.py)
CREATE TABLE groups_blocks (
    group_id varchar NOT NULL,
    block_id varchar NOT NULL,
    CONSTRAINT groups_blocks_pkey PRIMARY KEY (group_id, block_id)
);

-- identities  (letta/orm/identity.py)
CREATE TABLE identities (
    id                  varchar     NOT NULL,
    identifier_key      varchar     NOT NULL,
    name                varchar     NOT NULL,
    identity_type       varchar     NOT NULL,
    project_id          varchar,
    organization_id     varchar     NOT NULL,
    created_at          timestamptz DEFAULT CURRENT_TIMESTAMP,
    updated_at          timestamptz DEFAULT CURRENT_TIMESTAMP,
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    -- json column whose default is a jsonb literal (column was created as JSONB
    -- with server_default '[]' by 549eff097c71, converted to JSON by fdcdafdb11cf;
    -- the default expression kept its ::jsonb cast)
    properties          json        NOT NULL DEFAULT '[]'::jsonb,
    CONSTRAINT identities_pkey PRIMARY KEY (id),
    CONSTRAINT unique_identifier_key_project_id_organization_id
        UNIQUE NULLS NOT DISTINCT (identifier_key, project_id, organization_id)   -- PG15+ syntax
);

-- identities_agents  (letta/orm/identities_agents.py)
CREATE TABLE identities_agents (
    identity_id varchar NOT NULL,
    agent_id    varchar NOT NULL,
    CONSTRAINT identities_agents_pkey PRIMARY KEY (identity_id, agent_id)
);

-- identities_blocks  (letta/orm/identities_blocks.py)
CREATE TABLE identities_blocks (
    identity_id varchar NOT NULL,
    block_id    varchar NOT NULL,
    CONSTRAINT identities_blocks_pkey PRIMARY KEY (identity_id, block_id)
);

-- jobs  (letta/orm/job.py)
CREATE TABLE jobs (
    id                   varchar     NOT NULL,
    user_id              varchar     NOT NULL,
    status               varchar     NOT NULL,
    created_at           timestamptz DEFAULT now(),
    completed_at         timestamp without time zone,        -- naive timestamp
    metadata_            json,
    updated_at           timestamptz DEFAULT now(),
    is_deleted           boolean     NOT NULL DEFAULT false,
    _created_by_id       varchar,
    _last_updated_by_id  varchar,
    job_type             varchar     NOT NULL,
    request_config       json,
    callback_url         varchar,
    callback_sent_at     timestamp without time zone,        -- naive timestamp
    callback_status_code integer,
    callback_error       varchar,
    ttft_ns              bigint,
    total_duration_ns    bigint,
    organization_id      varchar,
    stop_reason          varchar,
    background           boolean,
    CONSTRAINT jobs_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_jobs_user_id ON jobs (user_id);

-- llm_batch_job  (letta/orm/llm_batch_job.py)
CREATE TABLE llm_batch_job (
    id                      varchar     NOT NULL,
    status                  varchar     NOT NULL,
    llm_provider            varchar     NOT NULL,
    create_batch_response   json        NOT NULL,
    latest_polling_response json,
    last_polled_at          timestamptz,
    created_at              timestamptz DEFAULT now(),
    updated_at              timestamptz DEFAULT now(),
    is_deleted              boolean     NOT NULL DEFAULT false,
    _created_by_id          varchar,
    _last_updated_by_id     varchar,
    organization_id         varchar     NOT NULL,
    letta_batch_job_id      varchar     NOT NULL,
    CONSTRAINT llm_batch_job_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_llm_batch_job_created_at ON llm_batch_job (created_at);
CREATE INDEX ix_llm_batch_job_status     ON llm_batch_job (status);

-- llm_batch_items  (letta/orm/llm_batch_items.py)
CREATE TABLE llm_batch_items (
    id                   varchar     NOT NULL,
    llm_config           json        NOT NULL,
    request_status       varchar     NOT NULL,
    step_status          varchar     NOT NULL,
    step_state           json        NOT NULL,
    batch_request_result json,
    created_at           timestamptz DEFAULT now(),
    updated_at           timestamptz DEFAULT now(),
    is_deleted           boolean     NOT NULL DEFAULT false,
    _created_by_id       varchar,
    _last_updated_by_id  varchar,
    organization_id      varchar     NOT NULL,
    agent_id             varchar     NOT NULL,
    llm_batch_id         varchar     NOT NULL,
    CONSTRAINT llm_batch_items_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_llm_batch_items_agent_id     ON llm_batch_items (agent_id);
CREATE INDEX ix_llm_batch_items_llm_batch_id ON llm_batch_items (llm_batch_id);
CREATE INDEX ix_llm_batch_items_status       ON llm_batch_items (request_status);

-- mcp_server  (letta/orm/mcp_server.py: MCPServer)
CREATE TABLE mcp_server (
    id                  varchar     NOT NULL,
    server_name         varchar     NOT NULL,
    server_type         varchar     NOT NULL,
    server_url          varchar,
    stdio_config        json,
    organization_id     varchar     NOT NULL,
    is_deleted          boolean     NOT NULL DEFAULT false,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    metadata_           json,
    token               varchar,
    custom_headers      json,
    token_enc           text,
    custom_headers_enc  text,
    CONSTRAINT mcp_server_pkey PRIMARY KEY (id),
    CONSTRAINT uix_name_organization_mcp_server UNIQUE (server_name, organization_id)
);

-- mcp_tools  (letta/orm/mcp_server.py: MCPTools) -- no FK on mcp_server_id / tool_id
CREATE TABLE mcp_tools (
    mcp_server_id       varchar     NOT NULL,
    tool_id             varchar     NOT NULL,
    id                  varchar     NOT NULL,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    CONSTRAINT mcp_tools_pkey PRIMARY KEY (id)
);

-- mcp_oauth  (letta/orm/mcp_oauth.py)
CREATE TABLE mcp_oauth (
    id                     varchar      NOT NULL,
    state                  varchar(255) NOT NULL,
    server_id              varchar(255),
    server_url             text         NOT NULL,
    server_name            text         NOT NULL,
    authorization_url      text,
    authorization_code     text,
    access_token           text,
    refresh_token          text,
    token_type             varchar(50)  NOT NULL,
    expires_at             timestamptz,
    scope                  text,
    client_id              text,
    client_secret          text,
    redirect_uri           text,
    status                 varchar(20)  NOT NULL,
    created_at             timestamptz  NOT NULL,           -- no server default (ORM sets it client-side)
    updated_at             timestamptz  NOT NULL,           -- no server default
    is_deleted             boolean      NOT NULL DEFAULT false,
    _created_by_id         varchar,
    _last_updated_by_id    varchar,
    organization_id        varchar      NOT NULL,
    user_id                varchar      NOT NULL,
    access_token_enc       text,
    refresh_token_enc      text,
    client_secret_enc      text,
    authorization_code_enc text,
    CONSTRAINT mcp_oauth_pkey PRIMARY KEY (id),
    CONSTRAINT mcp_oauth_state_key UNIQUE (state)
);

-- passage_tags  (letta/orm/passage_tag.py)
CREATE TABLE passage_tags (
    id                  varchar     NOT NULL,
    tag                 varchar     NOT NULL,
    passage_id          varchar     NOT NULL,
    archive_id          varchar     NOT NULL,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    CONSTRAINT passage_tags_pkey PRIMARY KEY (id),
    CONSTRAINT uq_passage_tag UNIQUE (passage_id, tag)
);
CREATE INDEX ix_passage_tags_org_archive ON passage_tags (organization_id, archive_id);
CREATE INDEX ix_passage_tags_tag         ON passage_tags (tag);

-- prompts  (letta/orm/prompt.py) -- no organization_id, no FK
CREATE TABLE prompts (
    id                  varchar     NOT NULL,
    prompt              varchar     NOT NULL,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    project_id          varchar,
    CONSTRAINT prompts_pkey PRIMARY KEY (id)
);

-- providers  (letta/orm/provider.py)
CREATE TABLE providers (
    name                varchar     NOT NULL,
    api_key             varchar,
    id                  varchar     NOT NULL,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar,                              -- nullable: NULL = global/base provider
    provider_type       varchar,
    base_url            varchar,
    provider_category   varchar,
    access_key          varchar,
    region              varchar,
    api_version         varchar,
    api_key_enc         text,
    access_key_enc      text,
    last_synced         timestamptz,
    CONSTRAINT providers_pkey PRIMARY KEY (id),
    CONSTRAINT unique_name_organization_id UNIQUE (name, organization_id)
);

-- provider_models  (letta/orm/provider_model.py)
CREATE TABLE provider_models (
    handle                   varchar     NOT NULL,
    display_name             varchar     NOT NULL,
    name                     varchar     NOT NULL,
    provider_id              varchar     NOT NULL,
    organization_id          varchar,                         -- NULL = global model
    model_type               varchar     NOT NULL,
    enabled                  boolean     NOT NULL DEFAULT true,
    model_endpoint_type      varchar     NOT NULL,
    max_context_window       integer,
    supports_token_streaming boolean,
    supports_tool_calling    boolean,
    embedding_dim            integer,
    id                       varchar     NOT NULL,
    created_at               timestamptz DEFAULT now(),
    updated_at               timestamptz DEFAULT now(),
    is_deleted               boolean     NOT NULL DEFAULT false,
    _created_by_id           varchar,
    _last_updated_by_id      varchar,
    CONSTRAINT provider_models_pkey PRIMARY KEY (id),
    CONSTRAINT unique_handle_per_org_and_type UNIQUE (handle, organization_id, model_type),
    CONSTRAINT unique_model_per_provider_and_type UNIQUE (name, provider_id, model_type)
);
CREATE INDEX ix_provider_models_handle          ON provider_models (handle);
CREATE INDEX ix_provider_models_model_type      ON provider_models (model_type);
CREATE INDEX ix_provider_models_organization_id ON provider_models (organization_id);
CREATE INDEX ix_provider_models_provider_id     ON provider_models (provider_id);

-- provider_traces  (letta/orm/provider_trace.py) -- step_id/agent_id/run_id are plain strings, no FK
CREATE TABLE provider_traces (
    id                  varchar     NOT NULL,
    request_json        json        NOT NULL,
    response_json       json        NOT NULL,
    step_id             varchar,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    agent_id            varchar,
    agent_tags          json,
    call_type           varchar,
    run_id              varchar,
    source              varchar,
    org_id              varchar,
    user_id             varchar,
    compaction_settings json,
    llm_config          json,
    CONSTRAINT provider_traces_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_step_id ON provider_traces (step_id);

-- provider_trace_metadata  (letta/orm/provider_trace_metadata.py)
CREATE TABLE provider_trace_metadata (
    id                  varchar     NOT NULL,
    step_id             varchar,
    agent_id            varchar,
    agent_tags          json,
    call_type           varchar,
    run_id              varchar,
    source              varchar,
    org_id              varchar,
    user_id             varchar,
    created_at          timestamptz NOT NULL DEFAULT now(),  -- part of the PK (partition-friendly layout)
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    CONSTRAINT provider_trace_metadata_pkey PRIMARY KEY (created_at, id)
);
-- DRIFT: ORM declares UniqueConstraint('id', name='uq_provider_trace_metadata_id');
-- the migration created a unique index instead:
CREATE UNIQUE INDEX ix_provider_trace_metadata_id ON provider_trace_metadata (id);
CREATE INDEX ix_provider_trace_metadata_step_id   ON provider_trace_metadata (step_id);

-- runs  (letta/orm/run.py)
CREATE TABLE runs (
    id                   varchar     NOT NULL,
    status               varchar     NOT NULL,
    completed_at         timestamp without time zone,        -- naive timestamp
    stop_reason          varchar,
    background           boolean,
    metadata_            json,
    request_config       json,
    agent_id             varchar     NOT NULL,
    callback_url         varchar,
    callback_sent_at     timestamp without time zone,        -- naive timestamp
    callback_status_code integer,
    callback_error       varchar,
    ttft_ns              bigint,
    total_duration_ns    bigint,
    created_at           timestamptz DEFAULT now(),
    updated_at           timestamptz DEFAULT now(),
    is_deleted           boolean     NOT NULL DEFAULT false,
    _created_by_id       varchar,
    _last_updated_by_id  varchar,
    organization_id      varchar     NOT NULL,
    project_id           varchar,
    base_template_id     varchar,
    template_id          varchar,
    deployment_id        varchar,
    conversation_id      varchar,
    CONSTRAINT runs_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_runs_agent_id        ON runs (agent_id);
CREATE INDEX ix_runs_conversation_id ON runs (conversation_id);
CREATE INDEX ix_runs_created_at      ON runs (created_at, id);
CREATE INDEX ix_runs_organization_id ON runs (organization_id);

-- run_metrics  (letta/orm/run_metrics.py) -- PK id is also FK -> runs.id
CREATE TABLE run_metrics (
    id                  varchar     NOT NULL,
    run_start_ns        bigint,
    run_ns              bigint,
    num_steps           integer,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    project_id          varchar,
    agent_id            varchar     NOT NULL,
    organization_id     varchar     NOT NULL,
    base_template_id    varchar,
    template_id         varchar,
    deployment_id       varchar,
    tools_used          json,
    CONSTRAINT run_metrics_pkey PRIMARY KEY (id)
);

-- sandbox_configs  (letta/orm/sandbox_config.py: SandboxConfig)
CREATE TABLE sandbox_configs (
    id                  varchar     NOT NULL,
    type                sandboxtype NOT NULL,
    config              json        NOT NULL,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    CONSTRAINT sandbox_configs_pkey PRIMARY KEY (id),
    CONSTRAINT uix_type_organization UNIQUE (type, organization_id)
);

-- sandbox_environment_variables  (letta/orm/sandbox_config.py: SandboxEnvironmentVariable)
CREATE TABLE sandbox_environment_variables (
    id                  varchar     NOT NULL,
    key                 varchar     NOT NULL,
    value               varchar     NOT NULL,
    description         varchar,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    sandbox_config_id   varchar     NOT NULL,
    value_enc           text,
    CONSTRAINT sandbox_environment_variables_pkey PRIMARY KEY (id),
    CONSTRAINT uix_key_sandbox_config UNIQUE (key, sandbox_config_id)
);

-- agent_environment_variables  (letta/orm/sandbox_config.py: AgentEnvironmentVariable)
CREATE TABLE agent_environment_variables (
    id                  varchar     NOT NULL,
    key                 varchar     NOT NULL,
    value               varchar     NOT NULL,
    description         varchar,
    created_at          timestamptz DEFAULT now(),
    updated_at          timestamptz DEFAULT now(),
    is_deleted          boolean     NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar     NOT NULL,
    agent_id            varchar     NOT NULL,
    value_enc           text,
    CONSTRAINT agent_environment_variables_pkey PRIMARY KEY (id),
    CONSTRAINT uix_key_agent UNIQUE (key, agent_id)
);
CREATE INDEX idx_agent_environment_variables_agent_id ON agent_environment_variables (agent_id);

-- source_passages  (letta/orm/passage.py: SourcePassage)
CREATE TABLE source_passages (
    id                  varchar      NOT NULL,
    text                varchar      NOT NULL,
    embedding_config    json,
    metadata_           json         NOT NULL,
    embedding           vector(4096),                       -- MAX_EMBEDDING_DIM = 4096
    created_at          timestamptz  DEFAULT now(),
    updated_at          timestamptz  DEFAULT now(),
    is_deleted          boolean      NOT NULL DEFAULT false,
    _created_by_id      varchar,
    _last_updated_by_id varchar,
    organization_id     varchar      NOT NULL,
    file_id             varchar,
    source_id           varchar      NOT NULL,
    file_name           varchar      NOT NULL,
    tags                json,
    CONSTRAINT source_passages_pkey PRIMARY KEY (id)
);
CREATE INDEX source_passages_created_at_id_idx ON source_passages (created_at, id);
CREATE INDEX source_passages_file_id_idx       ON source_passages (file_id);
CREATE INDEX source_passages_org_idx           ON source_passages (organization_id);

-- sources_agents  (letta/orm/sources_agents.py)
CREATE TABLE sources_agents (
    agent_id  varchar NOT NULL,
    source_id varchar NOT NULL,
    CONSTRAINT sources_agents_pkey PRIMARY KEY (agent_id, source_id)
);
CREATE INDEX ix_sources_agents_source_id ON sources_agents (source_id);

-- steps  (letta/orm/step.py) -- agent_id is a plain string (no FK)
CREATE TABLE steps (
    completion_tokens         integer     NOT NULL DEFAULT 0,
    prompt_tokens             integer     NOT NULL DEFAULT 0,
    total_tokens              integer     NOT NULL DEFAULT 0,
    created_at                timestamptz DEFAULT now(),
    updated_at                timestamptz DEFAULT now(),
    is_deleted                boolean     NOT NULL DEFAULT false,
    _created_by_id            varchar,
    _last_updated_by_id       varchar,
    id                        varchar     NOT NULL,
    origin                    varchar,
    organization_id           varchar,
    provider_id               varchar,
    provider_name             varchar,
    model                     varchar,
    context_window_limit      integer,
    completion_tokens_details json,
    tags                      json,
    tid                       varchar,
    model_endpoint            varchar,
    trace_id                  varchar,
    agent_id                  varchar,
    provider_category         varchar,
    feedback                  varchar,
    project_id                varchar,
    stop_reason               varchar,
    error_type                varchar,
    error_data                json,
    status                    stepstatus,
    run_id                    varchar,
    prompt_tokens_details     json,
    request_id                varchar,
    model_handle              varchar,
    cached_input_tokens       integer,
    cache_write_tokens        integer,
    reasoning_tokens          integer,
    CONSTRAINT pk_steps_id PRIMARY KEY (id)
);
CREATE INDEX ix_steps_run_id ON steps (run_id);

-- step_metrics  (letta/orm/step_metrics.py) -- PK id is also FK -> steps.id
CREATE TABLE step_metrics (
    id                   varchar     NOT NULL,
    organization_id      varchar,
    provider_id          varchar,
    llm_request_ns       bigint,
    tool_execution_ns    bigint,
    step_ns              bigint,
    base_template_id     varchar,
    template_id          varchar,
    created_at           timestamptz DEFAULT now(),
    updated_at           timestamptz DEFAULT now(),
    is_deleted           boolean     NOT NULL DEFAULT false,
    _created_by_id       varchar,
    _last_updated_by_id  varchar,
    project_id           varchar,
    agent_id             varchar     NOT NULL,
    step_start_ns        bigint,
    llm_request_start_ns bigint,
    run_id               varchar,
    CONSTRAINT step_metrics_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_step_metrics_run_id ON step_metrics (run_id);

-- tools  (letta/orm/tool.py)
CREATE TABLE tools (
    id                        varchar     NOT NULL,
    name                      varchar     NOT NULL,
    description               varchar,
    source_type               varchar     NOT NULL,
    source_code               varchar,
    json_schema               json,
    tags                      json        NOT NULL,
    created_at                timestamptz DEFAULT now(),
    updated_at                timestamptz DEFAULT now(),
    is_deleted                boolean     NOT NULL DEFAULT false,
    _created_by_id            varchar,
    _last_updated_by_id       varchar,
    organization_id           varchar     NOT NULL,
    return_char_limit         integer,
    tool_type                 varchar     NOT NULL,
    args_json_schema          json,
    metadata_                 json,
    pip_requirements          json,
    npm_requirements          json,
    default_requires_approval boolean,
    enable_parallel_execution boolean,
    project_id                varchar,
    CONSTRAINT tools_pkey PRIMARY KEY (id),
    CONSTRAINT uix_name_organization UNIQUE (name, organization_id),
    CONSTRAINT uix_organization_project_name UNIQUE NULLS NOT DISTINCT (organization_id, project_id, name)
);
CREATE INDEX ix_tools_created_at_name      ON tools (created_at, name);
CREATE INDEX ix_tools_organization_id      ON tools (organization_id);
CREATE INDEX ix_tools_organization_id_name ON tools (organization_id, name);

-- tools_agents  (letta/orm/tools_agents.py)
-- NO PRIMARY KEY. DRIFT: ORM declares PRIMARY KEY (agent_id, tool_id); the PK
-- disappeared when d05669b60ebe dropped column "id". Row identity =
-- UNIQUE (agent_id, tool_id), both NOT NULL.
CREATE TABLE tools_agents (
    agent_id varchar NOT NULL,
    tool_id  varchar NOT NULL,
    CONSTRAINT unique_agent_tool UNIQUE (agent_id, tool_id)
);
CREATE INDEX ix_tools_agents_tool_id ON tools_agents (tool_id);

-- alembic_version: alembic's bookkeeping table (not an ORM table), present in
-- every real Letta database.
CREATE TABLE alembic_version (
    version_num varchar(32) NOT NULL,
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version (version_num) VALUES ('1c28e167b74f');

-- =============================================================================
-- Foreign keys (added after all tables: block <-> block_history is a cycle)
-- Default action is NO ACTION where no ON DELETE is given.
-- =============================================================================
ALTER TABLE users ADD CONSTRAINT users_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE agents ADD CONSTRAINT agents_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE agents_tags ADD CONSTRAINT agents_tags_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES agents (id);   -- no ON DELETE

ALTER TABLE archives ADD CONSTRAINT archives_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE archives_agents ADD CONSTRAINT archives_agents_agent_id_fkey   FOREIGN KEY (agent_id)   REFERENCES agents (id)   ON DELETE CASCADE;
ALTER TABLE archives_agents ADD CONSTRAINT archives_agents_archive_id_fkey FOREIGN KEY (archive_id) REFERENCES archives (id) ON DELETE CASCADE;

ALTER TABLE archival_passages ADD CONSTRAINT agent_passages_archive_id_fkey      FOREIGN KEY (archive_id)      REFERENCES archives (id) ON DELETE CASCADE;
ALTER TABLE archival_passages ADD CONSTRAINT agent_passages_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE block ADD CONSTRAINT block_organization_id_fkey     FOREIGN KEY (organization_id)          REFERENCES organizations (id);
ALTER TABLE block ADD CONSTRAINT fk_block_current_history_entry FOREIGN KEY (current_history_entry_id) REFERENCES block_history (id);

ALTER TABLE block_history ADD CONSTRAINT block_history_block_id_fkey        FOREIGN KEY (block_id)        REFERENCES block (id) ON DELETE CASCADE;
ALTER TABLE block_history ADD CONSTRAINT block_history_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE blocks_agents ADD CONSTRAINT blocks_agents_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE;
ALTER TABLE blocks_agents ADD CONSTRAINT fk_block_id_label FOREIGN KEY (block_id, block_label) REFERENCES block (id, label)
    ON UPDATE CASCADE ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE;

ALTER TABLE blocks_tags ADD CONSTRAINT blocks_tags_block_id_fkey        FOREIGN KEY (block_id)        REFERENCES block (id);   -- no ON DELETE
ALTER TABLE blocks_tags ADD CONSTRAINT blocks_tags_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE conversations ADD CONSTRAINT conversations_agent_id_fkey        FOREIGN KEY (agent_id)        REFERENCES agents (id) ON DELETE CASCADE;
ALTER TABLE conversations ADD CONSTRAINT conversations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE blocks_conversations ADD CONSTRAINT blocks_conversations_block_id_fkey        FOREIGN KEY (block_id)        REFERENCES block (id)         ON DELETE CASCADE;
ALTER TABLE blocks_conversations ADD CONSTRAINT blocks_conversations_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE;

ALTER TABLE messages ADD CONSTRAINT messages_agent_id_fkey        FOREIGN KEY (agent_id)        REFERENCES agents (id)        ON DELETE CASCADE;
ALTER TABLE messages ADD CONSTRAINT messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE SET NULL;
ALTER TABLE messages ADD CONSTRAINT messages_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE messages ADD CONSTRAINT fk_messages_run_id            FOREIGN KEY (run_id)          REFERENCES runs (id)          ON DELETE SET NULL;
ALTER TABLE messages ADD CONSTRAINT fk_messages_step_id           FOREIGN KEY (step_id)         REFERENCES steps (id)         ON DELETE SET NULL;

ALTER TABLE conversation_messages ADD CONSTRAINT conversation_messages_agent_id_fkey        FOREIGN KEY (agent_id)        REFERENCES agents (id)        ON DELETE CASCADE;
ALTER TABLE conversation_messages ADD CONSTRAINT conversation_messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE CASCADE;
ALTER TABLE conversation_messages ADD CONSTRAINT conversation_messages_message_id_fkey      FOREIGN KEY (message_id)      REFERENCES messages (id)      ON DELETE CASCADE;
ALTER TABLE conversation_messages ADD CONSTRAINT conversation_messages_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE sources ADD CONSTRAINT sources_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE files ADD CONSTRAINT files_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE files ADD CONSTRAINT files_source_id_fkey       FOREIGN KEY (source_id)       REFERENCES sources (id) ON DELETE CASCADE;

ALTER TABLE file_contents ADD CONSTRAINT file_contents_file_id_fkey FOREIGN KEY (file_id) REFERENCES files (id) ON DELETE CASCADE;

ALTER TABLE files_agents ADD CONSTRAINT files_agents_agent_id_fkey        FOREIGN KEY (agent_id)        REFERENCES agents (id)  ON DELETE CASCADE;
ALTER TABLE files_agents ADD CONSTRAINT files_agents_file_id_fkey         FOREIGN KEY (file_id)         REFERENCES files (id)   ON DELETE CASCADE;
ALTER TABLE files_agents ADD CONSTRAINT files_agents_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE files_agents ADD CONSTRAINT files_agents_source_id_fkey       FOREIGN KEY (source_id)       REFERENCES sources (id) ON DELETE CASCADE;

ALTER TABLE groups ADD CONSTRAINT groups_manager_agent_id_fkey FOREIGN KEY (manager_agent_id) REFERENCES agents (id) ON DELETE RESTRICT;
ALTER TABLE groups ADD CONSTRAINT groups_organization_id_fkey  FOREIGN KEY (organization_id)  REFERENCES organizations (id);

ALTER TABLE groups_agents ADD CONSTRAINT groups_agents_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE;
ALTER TABLE groups_agents ADD CONSTRAINT groups_agents_group_id_fkey FOREIGN KEY (group_id) REFERENCES groups (id) ON DELETE CASCADE;

ALTER TABLE groups_blocks ADD CONSTRAINT groups_blocks_block_id_fkey FOREIGN KEY (block_id) REFERENCES block (id)  ON DELETE CASCADE;
ALTER TABLE groups_blocks ADD CONSTRAINT groups_blocks_group_id_fkey FOREIGN KEY (group_id) REFERENCES groups (id) ON DELETE CASCADE;

ALTER TABLE identities ADD CONSTRAINT identities_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE identities_agents ADD CONSTRAINT identities_agents_agent_id_fkey    FOREIGN KEY (agent_id)    REFERENCES agents (id)     ON DELETE CASCADE;
ALTER TABLE identities_agents ADD CONSTRAINT identities_agents_identity_id_fkey FOREIGN KEY (identity_id) REFERENCES identities (id) ON DELETE CASCADE;

ALTER TABLE identities_blocks ADD CONSTRAINT identities_blocks_block_id_fkey    FOREIGN KEY (block_id)    REFERENCES block (id)      ON DELETE CASCADE;
ALTER TABLE identities_blocks ADD CONSTRAINT identities_blocks_identity_id_fkey FOREIGN KEY (identity_id) REFERENCES identities (id) ON DELETE CASCADE;

ALTER TABLE jobs ADD CONSTRAINT jobs_user_id_fkey         FOREIGN KEY (user_id)         REFERENCES users (id);
ALTER TABLE jobs ADD CONSTRAINT fk_jobs_organization_id   FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE llm_batch_job ADD CONSTRAINT llm_batch_job_letta_batch_job_id_fkey FOREIGN KEY (letta_batch_job_id) REFERENCES jobs (id) ON DELETE CASCADE;
ALTER TABLE llm_batch_job ADD CONSTRAINT llm_batch_job_organization_id_fkey    FOREIGN KEY (organization_id)    REFERENCES organizations (id);

ALTER TABLE llm_batch_items ADD CONSTRAINT llm_batch_items_agent_id_fkey        FOREIGN KEY (agent_id)        REFERENCES agents (id)        ON DELETE CASCADE;
ALTER TABLE llm_batch_items ADD CONSTRAINT llm_batch_items_llm_batch_id_fkey    FOREIGN KEY (llm_batch_id)    REFERENCES llm_batch_job (id) ON DELETE CASCADE;
ALTER TABLE llm_batch_items ADD CONSTRAINT llm_batch_items_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE mcp_server ADD CONSTRAINT mcp_server_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE mcp_tools ADD CONSTRAINT mcp_tools_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE mcp_oauth ADD CONSTRAINT mcp_oauth_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE mcp_oauth ADD CONSTRAINT mcp_oauth_server_id_fkey       FOREIGN KEY (server_id)       REFERENCES mcp_server (id) ON DELETE CASCADE;
ALTER TABLE mcp_oauth ADD CONSTRAINT mcp_oauth_user_id_fkey         FOREIGN KEY (user_id)         REFERENCES users (id);

ALTER TABLE passage_tags ADD CONSTRAINT passage_tags_archive_id_fkey      FOREIGN KEY (archive_id)      REFERENCES archives (id)          ON DELETE CASCADE;
ALTER TABLE passage_tags ADD CONSTRAINT passage_tags_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE passage_tags ADD CONSTRAINT passage_tags_passage_id_fkey      FOREIGN KEY (passage_id)      REFERENCES archival_passages (id) ON DELETE CASCADE;

ALTER TABLE providers ADD CONSTRAINT providers_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE provider_models ADD CONSTRAINT provider_models_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE;
ALTER TABLE provider_models ADD CONSTRAINT provider_models_provider_id_fkey     FOREIGN KEY (provider_id)     REFERENCES providers (id)     ON DELETE CASCADE;

ALTER TABLE provider_traces ADD CONSTRAINT provider_traces_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE provider_trace_metadata ADD CONSTRAINT provider_trace_metadata_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE runs ADD CONSTRAINT runs_agent_id_fkey        FOREIGN KEY (agent_id)        REFERENCES agents (id);   -- no ON DELETE
ALTER TABLE runs ADD CONSTRAINT runs_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES conversations (id) ON DELETE SET NULL;
ALTER TABLE runs ADD CONSTRAINT runs_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE run_metrics ADD CONSTRAINT run_metrics_agent_id_fkey        FOREIGN KEY (agent_id)        REFERENCES agents (id) ON DELETE CASCADE;
ALTER TABLE run_metrics ADD CONSTRAINT run_metrics_id_fkey              FOREIGN KEY (id)              REFERENCES runs (id)   ON DELETE CASCADE;
ALTER TABLE run_metrics ADD CONSTRAINT run_metrics_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE sandbox_configs ADD CONSTRAINT sandbox_configs_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE sandbox_environment_variables ADD CONSTRAINT sandbox_environment_variables_organization_id_fkey   FOREIGN KEY (organization_id)   REFERENCES organizations (id);
ALTER TABLE sandbox_environment_variables ADD CONSTRAINT sandbox_environment_variables_sandbox_config_id_fkey FOREIGN KEY (sandbox_config_id) REFERENCES sandbox_configs (id);

ALTER TABLE agent_environment_variables ADD CONSTRAINT agent_environment_variables_agent_id_fkey        FOREIGN KEY (agent_id)        REFERENCES agents (id) ON DELETE CASCADE;
ALTER TABLE agent_environment_variables ADD CONSTRAINT agent_environment_variables_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE source_passages ADD CONSTRAINT source_passages_file_id_fkey         FOREIGN KEY (file_id)         REFERENCES files (id)   ON DELETE CASCADE;
ALTER TABLE source_passages ADD CONSTRAINT source_passages_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);
ALTER TABLE source_passages ADD CONSTRAINT source_passages_source_id_fkey       FOREIGN KEY (source_id)       REFERENCES sources (id) ON DELETE CASCADE;

ALTER TABLE sources_agents ADD CONSTRAINT sources_agents_agent_id_fkey  FOREIGN KEY (agent_id)  REFERENCES agents (id)  ON DELETE CASCADE;
ALTER TABLE sources_agents ADD CONSTRAINT sources_agents_source_id_fkey FOREIGN KEY (source_id) REFERENCES sources (id) ON DELETE CASCADE;

-- NB: the two names below are swapped relative to their columns -- exactly as
-- revision 416b9d2db10b created them (fk_steps_organization_id is on provider_id).
ALTER TABLE steps ADD CONSTRAINT fk_steps_organization_id FOREIGN KEY (provider_id)     REFERENCES providers (id)     ON DELETE RESTRICT;
ALTER TABLE steps ADD CONSTRAINT fk_steps_provider_id     FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT;
ALTER TABLE steps ADD CONSTRAINT fk_steps_run_id          FOREIGN KEY (run_id)          REFERENCES runs (id)          ON DELETE SET NULL;

ALTER TABLE step_metrics ADD CONSTRAINT step_metrics_agent_id_fkey        FOREIGN KEY (agent_id)        REFERENCES agents (id)        ON DELETE CASCADE;
ALTER TABLE step_metrics ADD CONSTRAINT step_metrics_id_fkey              FOREIGN KEY (id)              REFERENCES steps (id)         ON DELETE CASCADE;
ALTER TABLE step_metrics ADD CONSTRAINT step_metrics_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE RESTRICT;
ALTER TABLE step_metrics ADD CONSTRAINT step_metrics_provider_id_fkey     FOREIGN KEY (provider_id)     REFERENCES providers (id)     ON DELETE RESTRICT;
ALTER TABLE step_metrics ADD CONSTRAINT fk_step_metrics_run_id            FOREIGN KEY (run_id)          REFERENCES runs (id)          ON DELETE SET NULL;

ALTER TABLE tools ADD CONSTRAINT tools_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES organizations (id);

ALTER TABLE tools_agents ADD CONSTRAINT tools_agents_agent_id_fkey FOREIGN KEY (agent_id) REFERENCES agents (id) ON DELETE CASCADE;
ALTER TABLE tools_agents ADD CONSTRAINT tools_agents_tool_id_fkey  FOREIGN KEY (tool_id)  REFERENCES tools (id)  ON DELETE CASCADE;
