-- Test resource of LettaMigrationIT (orchestrator-service): a small data set for letta/schema.sql
-- (letta-ai/letta alembic head 1c28e167b74f): every table filled, the three tables without a primary
-- key included. Kept as written; do not edit.

-- =============================================================================
-- Letta sample data set for schema.sql (alembic head 1c28e167b74f)
-- =============================================================================
-- Run after schema.sql:  psql -v ON_ERROR_STOP=1 -f schema.sql -f sample-data.sql
-- Fills every table (incl. the three tables WITHOUT a primary key: agents_tags,
-- blocks_agents, tools_agents) with a few rows. Values follow Letta's own
-- conventions: "<prefix>-<uuid4>" ids, enum NAMES for native PG enums, JSON
-- configs shaped like LLMConfig / EmbeddingConfig, and embeddings padded with
-- zeros to MAX_EMBEDDING_DIM = 4096 (real dimension 1536 here, like
-- text-embedding-3-small; Letta pads shorter vectors with np.pad).
-- Deliberate edge cases for CDC tests: NULLs inside UNIQUE constraints
-- (conversation_messages.conversation_id, providers.organization_id,
-- identities.project_id, tools.project_id), a soft-deleted row, naive
-- timestamps (jobs/runs.completed_at), unicode/emoji text, quotes, multi-line
-- text, bigint nanosecond counters, the messages.sequence_id sequence, the
-- block <-> block_history FK cycle, the deferrable composite FK
-- blocks_agents(block_id, block_label) -> block(id, label).
-- Deterministic: no random(); embeddings are sin()-based.
-- =============================================================================

BEGIN;

-- Deterministic fake embedding: <dim> non-zero components, zero padded to 4096.
-- (function lives in pg_temp: it leaves nothing behind in the schema)
CREATE FUNCTION pg_temp.fake_embedding(seed integer, dim integer DEFAULT 1536)
RETURNS vector LANGUAGE sql IMMUTABLE AS $$
    SELECT array_agg(CASE WHEN i <= dim THEN round(sin(seed * 7919 + i)::numeric / 8, 6)::real ELSE 0::real END ORDER BY i)::vector(4096)
    FROM generate_series(1, 4096) AS i
$$;

-- ---------------------------------------------------------------- organizations
INSERT INTO organizations (id, name, created_at, updated_at, is_deleted, _created_by_id, _last_updated_by_id, privileged_tools) VALUES
 ('org-00000000-0000-4000-8000-000000000000', 'default_org',   '2026-01-05 09:00:00+00', '2026-01-05 09:00:00+00', false, NULL, NULL, true),
 ('org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'Acme Robotics', '2026-02-10 14:30:00+00', '2026-02-11 08:00:00+00', false, NULL, NULL, false);

-- ---------------------------------------------------------------- users
INSERT INTO users (id, name, created_at, organization_id) VALUES
 ('user-00000000-0000-4000-8000-000000000000', 'default_user', '2026-01-05 09:00:01+00', 'org-00000000-0000-4000-8000-000000000000'),
 ('user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', 'Alice Martín',  '2026-01-06 10:12:00+00', 'org-00000000-0000-4000-8000-000000000000'),
 ('user-8e2b4c6d-1f3a-4b5c-8d7e-9f0a1b2c3d33', 'bob',           '2026-02-10 14:31:00+00', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11');

-- ---------------------------------------------------------------- providers / provider_models
INSERT INTO providers (name, api_key, id, organization_id, provider_type, base_url, provider_category, access_key, region, api_version, api_key_enc, access_key_enc, last_synced, _created_by_id) VALUES
 ('openai',         NULL, 'provider-0a1b2c3d-0000-4000-8000-000000000001', NULL,                                        'openai',    'https://api.openai.com/v1',    'base', NULL, NULL, NULL, NULL, NULL, '2026-03-01 00:00:00+00', NULL),
 ('anthropic-byok', NULL, 'provider-0a1b2c3d-0000-4000-8000-000000000002', 'org-00000000-0000-4000-8000-000000000000', 'anthropic', 'https://api.anthropic.com/v1', 'byok', NULL, NULL, '2023-06-01', 'gAAAAABn_enc_sk-ant-api03-xxxx', NULL, '2026-03-02 12:00:00+00', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22'),
 ('bedrock-acme',   NULL, 'provider-0a1b2c3d-0000-4000-8000-000000000003', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'bedrock',   NULL,                           'byok', NULL, 'us-east-1', NULL, 'gAAAAABn_enc_secret', 'gAAAAABn_enc_AKIA', NULL, 'user-8e2b4c6d-1f3a-4b5c-8d7e-9f0a1b2c3d33');

INSERT INTO provider_models (handle, display_name, name, provider_id, organization_id, model_type, enabled, model_endpoint_type, max_context_window, supports_token_streaming, supports_tool_calling, embedding_dim, id) VALUES
 ('openai/gpt-4o-mini',            'GPT-4o mini',            'gpt-4o-mini',            'provider-0a1b2c3d-0000-4000-8000-000000000001', NULL, 'llm',       true,  'openai',    128000, true, true, NULL, 'model-1f2e3d4c-0000-4000-8000-000000000001'),
 ('openai/text-embedding-3-small', 'text-embedding-3-small', 'text-embedding-3-small', 'provider-0a1b2c3d-0000-4000-8000-000000000001', NULL, 'embedding', true,  'openai',    NULL,   NULL, NULL, 1536, 'model-1f2e3d4c-0000-4000-8000-000000000002'),
 ('anthropic-byok/claude-sonnet-4-5', 'Claude Sonnet 4.5',   'claude-sonnet-4-5',      'provider-0a1b2c3d-0000-4000-8000-000000000002', 'org-00000000-0000-4000-8000-000000000000', 'llm', true, 'anthropic', 200000, true, true, NULL, 'model-1f2e3d4c-0000-4000-8000-000000000003'),
 ('bedrock-acme/claude-3-haiku',   'Claude 3 Haiku (Bedrock)', 'anthropic.claude-3-haiku-20240307-v1:0', 'provider-0a1b2c3d-0000-4000-8000-000000000003', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'llm', false, 'bedrock', 200000, true, true, NULL, 'model-1f2e3d4c-0000-4000-8000-000000000004');

-- ---------------------------------------------------------------- tools
INSERT INTO tools (id, name, description, source_type, source_code, json_schema, tags, organization_id, return_char_limit, tool_type, args_json_schema, metadata_, pip_requirements, npm_requirements, default_requires_approval, enable_parallel_execution, project_id, _created_by_id) VALUES
 ('tool-7a6b5c4d-0000-4000-8000-000000000001', 'send_message', 'Sends a message to the human user.', 'python', NULL,
  '{"name":"send_message","description":"Sends a message to the human user.","parameters":{"type":"object","properties":{"message":{"type":"string","description":"Message contents. All unicode (including emojis) are supported."}},"required":["message"]}}',
  '["letta_core"]', 'org-00000000-0000-4000-8000-000000000000', 50000, 'letta_core', NULL, '{}', NULL, NULL, false, false, NULL, 'user-00000000-0000-4000-8000-000000000000'),
 ('tool-7a6b5c4d-0000-4000-8000-000000000002', 'conversation_search', 'Search prior conversation history using hybrid search.', 'python', NULL,
  '{"name":"conversation_search","parameters":{"type":"object","properties":{"query":{"type":"string"},"limit":{"type":"integer"}},"required":["query"]}}',
  '["letta_core"]', 'org-00000000-0000-4000-8000-000000000000', 50000, 'letta_core', NULL, '{}', NULL, NULL, false, true, NULL, 'user-00000000-0000-4000-8000-000000000000'),
 ('tool-7a6b5c4d-0000-4000-8000-000000000003', 'archival_memory_search', 'Search archival memory using semantic (embedding-based) search.', 'python', NULL,
  '{"name":"archival_memory_search","parameters":{"type":"object","properties":{"query":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"top_k":{"type":"integer"}},"required":["query"]}}',
  '["letta_core"]', 'org-00000000-0000-4000-8000-000000000000', 50000, 'letta_core', NULL, '{}', NULL, NULL, false, true, NULL, 'user-00000000-0000-4000-8000-000000000000'),
 ('tool-7a6b5c4d-0000-4000-8000-000000000004', 'core_memory_append', 'Append to the contents of core memory.', 'python', NULL,
  '{"name":"core_memory_append","parameters":{"type":"object","properties":{"label":{"type":"string"},"content":{"type":"string"}},"required":["label","content"]}}',
  '["letta_memory_core"]', 'org-00000000-0000-4000-8000-000000000000', 50000, 'letta_memory_core', NULL, '{}', NULL, NULL, false, false, NULL, 'user-00000000-0000-4000-8000-000000000000'),
 ('tool-7a6b5c4d-0000-4000-8000-000000000005', 'fetch_weather', E'Get the current weather for a city.\nReturns a short summary.', 'python',
  E'def fetch_weather(city: str) -> str:\n    """Get the current weather for a city."""\n    import requests\n    return requests.get(f"https://wttr.in/{city}?format=3").text\n',
  '{"name":"fetch_weather","parameters":{"type":"object","properties":{"city":{"type":"string","description":"City name, e.g. ''Zürich''"}},"required":["city"]}}',
  '["custom","weather"]', 'org-00000000-0000-4000-8000-000000000000', 6000, 'custom',
  '{"type":"object","properties":{"city":{"type":"string"}}}', '{"origin":"sdk"}', '[{"name":"requests","version":"2.32.3"}]', NULL, true, false, 'proj-9f8e7d6c', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22'),
 ('tool-7a6b5c4d-0000-4000-8000-000000000006', 'github__create_issue', 'Create an issue in a GitHub repository (MCP).', 'json', NULL,
  '{"name":"github__create_issue","parameters":{"type":"object","properties":{"repo":{"type":"string"},"title":{"type":"string"},"body":{"type":"string"}},"required":["repo","title"]}}',
  '["mcp:github"]', 'org-00000000-0000-4000-8000-000000000000', 50000, 'external_mcp', NULL, '{"mcp":{"server_name":"github"}}', NULL, NULL, true, false, NULL, 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22'),
 ('tool-7a6b5c4d-0000-4000-8000-000000000007', 'send_message', 'Sends a message to the human user.', 'python', NULL,
  '{"name":"send_message","parameters":{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}}',
  '["letta_core"]', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 50000, 'letta_core', NULL, '{}', NULL, '[{"name":"lodash","version":"4.17.21"}]', false, false, NULL, 'user-8e2b4c6d-1f3a-4b5c-8d7e-9f0a1b2c3d33'),
 ('tool-7a6b5c4d-0000-4000-8000-000000000008', 'pagerduty__ack_incident', 'Acknowledge a PagerDuty incident (MCP).', 'json', NULL,
  '{"name":"pagerduty__ack_incident","parameters":{"type":"object","properties":{"incident_id":{"type":"string"}},"required":["incident_id"]}}',
  '["mcp:pagerduty"]', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 50000, 'external_mcp', NULL, '{"mcp":{"server_name":"pagerduty"}}', NULL, NULL, true, false, NULL, 'user-8e2b4c6d-1f3a-4b5c-8d7e-9f0a1b2c3d33');

-- ---------------------------------------------------------------- agents (5)
INSERT INTO agents (id, name, created_at, description, message_ids, system, agent_type, llm_config, embedding_config, metadata_, tool_rules, updated_at, is_deleted, _created_by_id, _last_updated_by_id, organization_id, project_id, template_id, base_template_id, message_buffer_autoclear, enable_sleeptime, response_format, last_run_completion, last_run_duration_ms, timezone, max_files_open, per_file_view_window_char_limit, hidden, entity_id, deployment_id, _vector_db_namespace, last_stop_reason, compaction_settings) VALUES
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'support-bot', '2026-03-01 10:00:00+00', 'Customer support agent for the product FAQ',
  '["message-2c3d4e5f-0000-4000-8000-000000000001","message-2c3d4e5f-0000-4000-8000-000000000002","message-2c3d4e5f-0000-4000-8000-000000000003","message-2c3d4e5f-0000-4000-8000-000000000004","message-2c3d4e5f-0000-4000-8000-000000000005"]',
  E'You are Letta, the latest version of Limnal Corporation''s digital companion.\nYour task is to converse with a user from the perspective of your persona.',
  'memgpt_v2_agent',
  '{"model":"gpt-4o-mini","model_endpoint_type":"openai","model_endpoint":"https://api.openai.com/v1","context_window":128000,"handle":"openai/gpt-4o-mini","temperature":0.7,"max_tokens":4096,"put_inner_thoughts_in_kwargs":true}',
  '{"embedding_endpoint_type":"openai","embedding_endpoint":"https://api.openai.com/v1","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300,"handle":"openai/text-embedding-3-small","batch_size":32}',
  '{"team":"support","tier":1}',
  '[{"tool_name":"send_message","type":"exit_loop"},{"tool_name":"conversation_search","type":"continue_loop"}]',
  '2026-03-05 16:20:00+00', false, 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22',
  'org-00000000-0000-4000-8000-000000000000', 'proj-9f8e7d6c', NULL, NULL, false, false, NULL,
  '2026-03-05 16:19:58.123+00', 2140, 'Europe/Berlin', 5, 15000, false, NULL, NULL, NULL, 'end_turn',
  '{"mode":"sliding_window","sliding_window_percentage":0.3}'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'research-assistant', '2026-03-01 11:00:00+00', 'Reads papers and keeps notes',
  '["message-2c3d4e5f-0000-4000-8000-000000000006","message-2c3d4e5f-0000-4000-8000-000000000007","message-2c3d4e5f-0000-4000-8000-000000000008"]',
  'You are a meticulous research assistant.', 'letta_v1_agent',
  '{"model":"claude-sonnet-4-5","model_endpoint_type":"anthropic","model_endpoint":"https://api.anthropic.com/v1","context_window":200000,"handle":"anthropic-byok/claude-sonnet-4-5","temperature":0.2,"max_tokens":8192,"enable_reasoner":true,"max_reasoning_tokens":2048}',
  '{"embedding_endpoint_type":"openai","embedding_endpoint":"https://api.openai.com/v1","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300,"handle":"openai/text-embedding-3-small"}',
  NULL, '[]', '2026-03-06 09:00:00+00', false, 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22',
  'org-00000000-0000-4000-8000-000000000000', 'proj-9f8e7d6c', 'template-aa11bb22', 'base-template-cc33dd44', false, true,
  '{"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object","properties":{"answer":{"type":"string"}}}}}',
  '2026-03-06 08:59:59+00', 48211, 'America/New_York', 10, 40000, false, 'entity-01', 'deploy-2026-03', NULL, 'error', NULL),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000003', 'research-assistant-sleeptime', '2026-03-01 11:00:01+00', 'Background memory manager for research-assistant',
  '[]', 'You are a sleep-time memory management agent.', 'sleeptime_agent',
  '{"model":"gpt-4o-mini","model_endpoint_type":"openai","model_endpoint":"https://api.openai.com/v1","context_window":128000,"handle":"openai/gpt-4o-mini"}',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}',
  '{}', NULL, '2026-03-01 11:00:01+00', false, NULL, NULL,
  'org-00000000-0000-4000-8000-000000000000', 'proj-9f8e7d6c', NULL, NULL, true, false, NULL, NULL, NULL, 'UTC', NULL, NULL, true, NULL, NULL, NULL, NULL, NULL),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000004', 'supervisor', '2026-03-02 08:00:00+00', 'Routes work between support-bot and research-assistant',
  '[]', 'You supervise a team of agents.', 'react_agent',
  '{"model":"gpt-4o-mini","model_endpoint_type":"openai","model_endpoint":"https://api.openai.com/v1","context_window":128000,"handle":"openai/gpt-4o-mini"}',
  NULL, NULL, NULL, '2026-03-02 08:00:00+00', false, NULL, NULL,
  'org-00000000-0000-4000-8000-000000000000', NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'acme-ops', '2026-02-11 09:00:00+00', 'On-call helper 🚨 for Acme',
  '["message-2c3d4e5f-0000-4000-8000-000000000009","message-2c3d4e5f-0000-4000-8000-000000000010"]',
  'You help the Acme on-call engineer.', 'memgpt_agent',
  '{"model":"anthropic.claude-3-haiku-20240307-v1:0","model_endpoint_type":"bedrock","context_window":200000,"handle":"bedrock-acme/claude-3-haiku"}',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}',
  '{"pager":"acme-primary"}', NULL, '2026-02-12 03:14:15+00', false, 'user-8e2b4c6d-1f3a-4b5c-8d7e-9f0a1b2c3d33', 'user-8e2b4c6d-1f3a-4b5c-8d7e-9f0a1b2c3d33',
  'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', NULL, NULL, NULL, false, false, NULL, '2026-02-12 03:14:10+00', 913, 'Asia/Tokyo', 3, 5000, false, NULL, NULL, 'acme-ns-01', 'max_steps', NULL);

-- ---------------------------------------------------------------- agents_tags (NO PK)
INSERT INTO agents_tags (agent_id, tag) VALUES
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'support'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'prod'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'research'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'prod'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000003', 'sleeptime'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'ops'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'team:on-call/ü');

-- ---------------------------------------------------------------- tools_agents (NO PK)
INSERT INTO tools_agents (agent_id, tool_id) VALUES
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'tool-7a6b5c4d-0000-4000-8000-000000000001'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'tool-7a6b5c4d-0000-4000-8000-000000000002'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'tool-7a6b5c4d-0000-4000-8000-000000000004'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'tool-7a6b5c4d-0000-4000-8000-000000000001'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'tool-7a6b5c4d-0000-4000-8000-000000000003'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'tool-7a6b5c4d-0000-4000-8000-000000000005'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'tool-7a6b5c4d-0000-4000-8000-000000000006'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'tool-7a6b5c4d-0000-4000-8000-000000000007'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'tool-7a6b5c4d-0000-4000-8000-000000000008');

-- ---------------------------------------------------------------- block / block_history (FK cycle)
INSERT INTO block (id, value, "limit", template_name, label, metadata_, description, is_template, organization_id, created_at, updated_at, is_deleted, _created_by_id, _last_updated_by_id, current_history_entry_id, version, read_only, preserve_on_migration, project_id, entity_id, base_template_id, template_id, deployment_id, hidden) VALUES
 ('block-4d5e6f70-0000-4000-8000-000000000001', E'I am Sam, a friendly support agent.\nI never promise refunds.', 20000, NULL, 'persona', '{}', 'The persona block: stores details about your current persona.', false, 'org-00000000-0000-4000-8000-000000000000', '2026-03-01 10:00:00+00', '2026-03-05 16:00:00+00', false, 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', NULL, 3, false, false, 'proj-9f8e7d6c', NULL, NULL, NULL, NULL, false),
 ('block-4d5e6f70-0000-4000-8000-000000000002', 'Name: Chad. Prefers short answers. Plan: "Pro".', 20000, NULL, 'human', '{}', 'The human block: stores key details about the person you are conversing with.', false, 'org-00000000-0000-4000-8000-000000000000', '2026-03-01 10:00:00+00', '2026-03-01 10:05:00+00', false, NULL, NULL, NULL, 2, false, false, 'proj-9f8e7d6c', NULL, NULL, NULL, NULL, false),
 ('block-4d5e6f70-0000-4000-8000-000000000003', 'I summarise papers precisely and cite sources.', 20000, NULL, 'persona', '{"source":"template"}', NULL, false, 'org-00000000-0000-4000-8000-000000000000', '2026-03-01 11:00:00+00', '2026-03-01 11:00:00+00', false, NULL, NULL, NULL, 1, false, true, 'proj-9f8e7d6c', 'entity-01', 'base-template-cc33dd44', 'template-aa11bb22', 'deploy-2026-03', false),
 ('block-4d5e6f70-0000-4000-8000-000000000004', 'Dr. Rao, works on protein folding; timezone EST.', 20000, NULL, 'human', '{}', NULL, false, 'org-00000000-0000-4000-8000-000000000000', '2026-03-01 11:00:00+00', '2026-03-01 11:00:00+00', false, NULL, NULL, NULL, 1, false, false, 'proj-9f8e7d6c', NULL, NULL, NULL, NULL, false),
 ('block-4d5e6f70-0000-4000-8000-000000000005', 'Acme on-call rotation: primary=bob, secondary=carol. 日本語のメモ', 5000, NULL, 'persona', '{}', NULL, false, 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', '2026-02-11 09:00:00+00', '2026-02-11 09:00:00+00', false, NULL, NULL, NULL, 1, false, false, NULL, NULL, NULL, NULL, NULL, NULL),
 ('block-4d5e6f70-0000-4000-8000-000000000006', 'Shared project notes: Q2 launch on 2026-06-01.', 10000, NULL, 'project_notes', '{"shared":true}', 'Shared across the supervisor group', false, 'org-00000000-0000-4000-8000-000000000000', '2026-03-02 08:00:00+00', '2026-03-02 08:00:00+00', false, NULL, NULL, NULL, 1, true, false, NULL, NULL, NULL, NULL, NULL, false),
 ('block-4d5e6f70-0000-4000-8000-000000000007', 'You are a helpful assistant.', 20000, 'default-persona', 'persona', '{}', 'Template persona', true, 'org-00000000-0000-4000-8000-000000000000', '2026-01-05 09:00:00+00', '2026-01-05 09:00:00+00', false, NULL, NULL, NULL, 1, false, NULL, NULL, NULL, NULL, NULL, NULL, true);

INSERT INTO block_history (description, label, value, "limit", metadata_, actor_type, actor_id, block_id, sequence_number, organization_id, id, created_at) VALUES
 ('The persona block', 'persona', 'I am Sam, a support agent.', 20000, '{}', 'letta_user', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', 'block-4d5e6f70-0000-4000-8000-000000000001', 1, 'org-00000000-0000-4000-8000-000000000000', 'block_hist-5e6f7081-0000-4000-8000-000000000001', '2026-03-01 10:00:00+00'),
 ('The persona block', 'persona', E'I am Sam, a friendly support agent.\nI never promise refunds.', 20000, '{}', 'letta_agent', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'block-4d5e6f70-0000-4000-8000-000000000001', 2, 'org-00000000-0000-4000-8000-000000000000', 'block_hist-5e6f7081-0000-4000-8000-000000000002', '2026-03-05 16:00:00+00'),
 (NULL, 'human', 'Name: Chad.', 20000, NULL, 'letta_agent', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'block-4d5e6f70-0000-4000-8000-000000000002', 1, 'org-00000000-0000-4000-8000-000000000000', 'block_hist-5e6f7081-0000-4000-8000-000000000003', '2026-03-01 10:05:00+00');

UPDATE block SET current_history_entry_id = 'block_hist-5e6f7081-0000-4000-8000-000000000002' WHERE id = 'block-4d5e6f70-0000-4000-8000-000000000001';
UPDATE block SET current_history_entry_id = 'block_hist-5e6f7081-0000-4000-8000-000000000003' WHERE id = 'block-4d5e6f70-0000-4000-8000-000000000002';

-- ---------------------------------------------------------------- blocks_agents (NO PK; composite FK to block(id,label))
INSERT INTO blocks_agents (agent_id, block_id, block_label) VALUES
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'block-4d5e6f70-0000-4000-8000-000000000001', 'persona'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'block-4d5e6f70-0000-4000-8000-000000000002', 'human'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'block-4d5e6f70-0000-4000-8000-000000000003', 'persona'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'block-4d5e6f70-0000-4000-8000-000000000004', 'human'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000003', 'block-4d5e6f70-0000-4000-8000-000000000004', 'human'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000004', 'block-4d5e6f70-0000-4000-8000-000000000006', 'project_notes'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'block-4d5e6f70-0000-4000-8000-000000000005', 'persona');

-- ---------------------------------------------------------------- blocks_tags
INSERT INTO blocks_tags (block_id, tag, organization_id, created_at, updated_at) VALUES
 ('block-4d5e6f70-0000-4000-8000-000000000001', 'support',  'org-00000000-0000-4000-8000-000000000000', '2026-03-01 10:00:00+00', '2026-03-01 10:00:00+00'),
 ('block-4d5e6f70-0000-4000-8000-000000000006', 'shared',   'org-00000000-0000-4000-8000-000000000000', '2026-03-02 08:00:00+00', '2026-03-02 08:00:00+00'),
 ('block-4d5e6f70-0000-4000-8000-000000000007', 'template', 'org-00000000-0000-4000-8000-000000000000', '2026-01-05 09:00:00+00', '2026-01-05 09:00:00+00');

-- ---------------------------------------------------------------- identities
INSERT INTO identities (id, identifier_key, name, identity_type, project_id, organization_id, properties) VALUES
 ('identity-6f708192-0000-4000-8000-000000000001', 'customer-42', 'Chad Customer', 'user', NULL, 'org-00000000-0000-4000-8000-000000000000', '[{"key":"plan","value":"pro","type":"string"},{"key":"seats","value":12,"type":"number"}]'),
 ('identity-6f708192-0000-4000-8000-000000000002', 'customer-42', 'Chad Customer (proj)', 'user', 'proj-9f8e7d6c', 'org-00000000-0000-4000-8000-000000000000', '[]'),
 ('identity-6f708192-0000-4000-8000-000000000003', 'acme-oncall', 'Acme On-call Team', 'org', NULL, 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', DEFAULT);

INSERT INTO identities_agents (identity_id, agent_id) VALUES
 ('identity-6f708192-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001'),
 ('identity-6f708192-0000-4000-8000-000000000002', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002'),
 ('identity-6f708192-0000-4000-8000-000000000003', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005');

INSERT INTO identities_blocks (identity_id, block_id) VALUES
 ('identity-6f708192-0000-4000-8000-000000000001', 'block-4d5e6f70-0000-4000-8000-000000000002'),
 ('identity-6f708192-0000-4000-8000-000000000003', 'block-4d5e6f70-0000-4000-8000-000000000005');

-- ---------------------------------------------------------------- groups
INSERT INTO groups (id, description, manager_type, manager_agent_id, termination_token, max_turns, organization_id, agent_ids, sleeptime_agent_frequency, turns_counter, last_processed_message_id, max_message_buffer_length, min_message_buffer_length, project_id, base_template_id, template_id, deployment_id, hidden) VALUES
 ('group-708192a3-0000-4000-8000-000000000001', 'Support + research team', 'supervisor', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000004', 'DONE!', 8, 'org-00000000-0000-4000-8000-000000000000',
  '["agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001","agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002"]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false),
 ('group-708192a3-0000-4000-8000-000000000002', 'sleeptime group for research-assistant', 'sleeptime', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', NULL, NULL, 'org-00000000-0000-4000-8000-000000000000',
  '["agent-1b7f3a1e-5a8c-4d2e-9f10-000000000003"]', 5, 2, 'message-2c3d4e5f-0000-4000-8000-000000000008', 30, 15, 'proj-9f8e7d6c', NULL, NULL, NULL, true);

INSERT INTO groups_agents (group_id, agent_id) VALUES
 ('group-708192a3-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001'),
 ('group-708192a3-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002'),
 ('group-708192a3-0000-4000-8000-000000000002', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000003');

INSERT INTO groups_blocks (group_id, block_id) VALUES
 ('group-708192a3-0000-4000-8000-000000000001', 'block-4d5e6f70-0000-4000-8000-000000000006'),
 ('group-708192a3-0000-4000-8000-000000000002', 'block-4d5e6f70-0000-4000-8000-000000000004');

-- ---------------------------------------------------------------- sources / files / file_contents / files_agents / sources_agents
INSERT INTO sources (id, name, created_at, embedding_config, description, metadata_, organization_id, instructions, vector_db_provider, _created_by_id) VALUES
 ('source-8192a3b4-0000-4000-8000-000000000001', 'product-docs', '2026-03-01 09:30:00+00',
  '{"embedding_endpoint_type":"openai","embedding_endpoint":"https://api.openai.com/v1","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}',
  'Public product documentation', '{"owner":"docs-team"}', 'org-00000000-0000-4000-8000-000000000000', 'Use for product questions only.', 'NATIVE', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22'),
 ('source-8192a3b4-0000-4000-8000-000000000002', 'runbooks', '2026-02-11 09:10:00+00',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}',
  NULL, NULL, 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', NULL, 'NATIVE', NULL);

INSERT INTO files (id, source_id, file_name, file_path, file_type, file_size, file_creation_date, file_last_modified_date, organization_id, processing_status, error_message, original_file_name, total_chunks, chunks_embedded, created_at) VALUES
 ('file-92a3b4c5-0000-4000-8000-000000000001', 'source-8192a3b4-0000-4000-8000-000000000001', 'faq.md',      '/data/uploads/faq.md',      'text/markdown',   18234,  '2026-02-28', '2026-03-01', 'org-00000000-0000-4000-8000-000000000000', 'completed', NULL, 'faq.md', 2, 2, '2026-03-01 09:31:00+00'),
 ('file-92a3b4c5-0000-4000-8000-000000000002', 'source-8192a3b4-0000-4000-8000-000000000001', 'pricing.pdf', '/data/uploads/pricing.pdf', 'application/pdf', 402311, '2026-01-15', '2026-02-20', 'org-00000000-0000-4000-8000-000000000000', 'error', 'OCR failed on page 3: unsupported font', 'Pricing (2026).pdf', 4, 1, '2026-03-01 09:32:00+00'),
 ('file-92a3b4c5-0000-4000-8000-000000000003', 'source-8192a3b4-0000-4000-8000-000000000002', 'oncall.md',   '/data/uploads/oncall.md',   'text/markdown',   2048,   '2026-02-10', '2026-02-10', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'completed', NULL, 'oncall.md', 1, 1, '2026-02-11 09:11:00+00');

INSERT INTO file_contents (file_id, text, id) VALUES
 ('file-92a3b4c5-0000-4000-8000-000000000001', E'# FAQ\n\n## How do I reset my password?\nGo to Settings → Security and click "Reset".\n\n## Do you offer refunds?\nRefunds are handled by billing@example.com.', 'file_content-a3b4c5d6-0000-4000-8000-000000000001'),
 ('file-92a3b4c5-0000-4000-8000-000000000003', E'# On-call\n1. Acknowledge the page within 5 minutes.\n2. Check the dashboard.\n', 'file_content-a3b4c5d6-0000-4000-8000-000000000002');

INSERT INTO files_agents (id, file_id, agent_id, is_open, visible_content, last_accessed_at, organization_id, file_name, source_id, start_line, end_line) VALUES
 ('file_agent-b4c5d6e7-0000-4000-8000-000000000001', 'file-92a3b4c5-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', true,  E'## Do you offer refunds?\nRefunds are handled by billing@example.com.', '2026-03-05 16:19:00+00', 'org-00000000-0000-4000-8000-000000000000', 'product-docs/faq.md', 'source-8192a3b4-0000-4000-8000-000000000001', 6, 8),
 ('file_agent-b4c5d6e7-0000-4000-8000-000000000002', 'file-92a3b4c5-0000-4000-8000-000000000002', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', false, NULL, '2026-03-04 12:00:00+00', 'org-00000000-0000-4000-8000-000000000000', 'product-docs/pricing.pdf', 'source-8192a3b4-0000-4000-8000-000000000001', NULL, NULL),
 ('file_agent-b4c5d6e7-0000-4000-8000-000000000003', 'file-92a3b4c5-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', false, NULL, '2026-03-06 08:00:00+00', 'org-00000000-0000-4000-8000-000000000000', 'product-docs/faq.md', 'source-8192a3b4-0000-4000-8000-000000000001', NULL, NULL),
 ('file_agent-b4c5d6e7-0000-4000-8000-000000000004', 'file-92a3b4c5-0000-4000-8000-000000000003', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', true,  E'1. Acknowledge the page within 5 minutes.', '2026-02-12 03:14:00+00', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'runbooks/oncall.md', 'source-8192a3b4-0000-4000-8000-000000000002', 1, 2);

INSERT INTO sources_agents (agent_id, source_id) VALUES
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'source-8192a3b4-0000-4000-8000-000000000001'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'source-8192a3b4-0000-4000-8000-000000000001'),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'source-8192a3b4-0000-4000-8000-000000000002');

-- ---------------------------------------------------------------- source_passages (embeddings)
INSERT INTO source_passages (id, text, embedding_config, metadata_, embedding, organization_id, file_id, source_id, file_name, tags, created_at) VALUES
 ('passage-c5d6e7f8-0000-4000-8000-000000000001', 'How do I reset my password? Go to Settings → Security and click "Reset".',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '{"chunk_index":0}',
  pg_temp.fake_embedding(1), 'org-00000000-0000-4000-8000-000000000000', 'file-92a3b4c5-0000-4000-8000-000000000001', 'source-8192a3b4-0000-4000-8000-000000000001', 'faq.md', NULL, '2026-03-01 09:31:10+00'),
 ('passage-c5d6e7f8-0000-4000-8000-000000000002', 'Do you offer refunds? Refunds are handled by billing@example.com.',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '{"chunk_index":1}',
  pg_temp.fake_embedding(2), 'org-00000000-0000-4000-8000-000000000000', 'file-92a3b4c5-0000-4000-8000-000000000001', 'source-8192a3b4-0000-4000-8000-000000000001', 'faq.md', '["billing"]', '2026-03-01 09:31:11+00'),
 ('passage-c5d6e7f8-0000-4000-8000-000000000003', 'Pro plan: 29 EUR / seat / month.',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '{"chunk_index":0,"page":1}',
  pg_temp.fake_embedding(3), 'org-00000000-0000-4000-8000-000000000000', 'file-92a3b4c5-0000-4000-8000-000000000002', 'source-8192a3b4-0000-4000-8000-000000000001', 'pricing.pdf', NULL, '2026-03-01 09:32:10+00'),
 ('passage-c5d6e7f8-0000-4000-8000-000000000004', 'Acknowledge the page within 5 minutes.',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '{}',
  pg_temp.fake_embedding(4), 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'file-92a3b4c5-0000-4000-8000-000000000003', 'source-8192a3b4-0000-4000-8000-000000000002', 'oncall.md', NULL, '2026-02-11 09:11:10+00');

-- ---------------------------------------------------------------- archives / archives_agents / archival_passages / passage_tags
INSERT INTO archives (name, description, metadata_, id, organization_id, vector_db_provider, _vector_db_namespace, embedding_config, created_at) VALUES
 ('support-bot archive',        'Long-term memory of support-bot', '{}',  'archive-d6e7f809-0000-4000-8000-000000000001', 'org-00000000-0000-4000-8000-000000000000', 'NATIVE', NULL,
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '2026-03-01 10:00:00+00'),
 ('research-assistant archive', NULL,                              NULL,  'archive-d6e7f809-0000-4000-8000-000000000002', 'org-00000000-0000-4000-8000-000000000000', 'TPUF',   'ns_research_2026',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '2026-03-01 11:00:00+00'),
 ('acme-ops archive',           NULL,                              '{"retention_days":90}', 'archive-d6e7f809-0000-4000-8000-000000000003', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'NATIVE', NULL, NULL, '2026-02-11 09:00:00+00');

INSERT INTO archives_agents (agent_id, archive_id, created_at, is_owner) VALUES
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'archive-d6e7f809-0000-4000-8000-000000000001', '2026-03-01 10:00:00+00', true),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'archive-d6e7f809-0000-4000-8000-000000000002', '2026-03-01 11:00:00+00', true),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000003', 'archive-d6e7f809-0000-4000-8000-000000000002', '2026-03-01 11:00:01+00', false),
 ('agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'archive-d6e7f809-0000-4000-8000-000000000003', '2026-02-11 09:00:00+00', true);

INSERT INTO archival_passages (id, text, embedding_config, metadata_, embedding, organization_id, archive_id, tags, created_at, is_deleted) VALUES
 ('passage-e7f8091a-0000-4000-8000-000000000001', 'Chad asked about refunds twice; escalated to billing on 2026-03-04.',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '{}',
  pg_temp.fake_embedding(11), 'org-00000000-0000-4000-8000-000000000000', 'archive-d6e7f809-0000-4000-8000-000000000001', '["billing","escalation"]', '2026-03-04 12:00:00+00', false),
 ('passage-e7f8091a-0000-4000-8000-000000000002', 'Chad prefers answers in bullet points.',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '{"source":"agent"}',
  pg_temp.fake_embedding(12), 'org-00000000-0000-4000-8000-000000000000', 'archive-d6e7f809-0000-4000-8000-000000000001', '["preferences"]', '2026-03-05 16:00:00+00', false),
 ('passage-e7f8091a-0000-4000-8000-000000000003', 'AlphaFold 3 paper: diffusion-based structure module replaces IPA.',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '{"doi":"10.1038/s41586-024-07487-w"}',
  pg_temp.fake_embedding(13), 'org-00000000-0000-4000-8000-000000000000', 'archive-d6e7f809-0000-4000-8000-000000000002', '["paper","biology"]', '2026-03-06 08:30:00+00', false),
 ('passage-e7f8091a-0000-4000-8000-000000000004', 'Outdated note (soft-deleted).',
  NULL, '{}',
  NULL, 'org-00000000-0000-4000-8000-000000000000', 'archive-d6e7f809-0000-4000-8000-000000000002', NULL, '2026-03-06 08:31:00+00', true),
 ('passage-e7f8091a-0000-4000-8000-000000000005', 'Incident 2026-02-12: disk full on db-3, rotated logs.',
  '{"embedding_endpoint_type":"openai","embedding_model":"text-embedding-3-small","embedding_dim":1536,"embedding_chunk_size":300}', '{"severity":"sev2"}',
  pg_temp.fake_embedding(15), 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'archive-d6e7f809-0000-4000-8000-000000000003', '["incident"]', '2026-02-12 03:20:00+00', false);

INSERT INTO passage_tags (id, tag, passage_id, archive_id, organization_id) VALUES
 ('passage_tag-f8091a2b-0000-4000-8000-000000000001', 'billing',     'passage-e7f8091a-0000-4000-8000-000000000001', 'archive-d6e7f809-0000-4000-8000-000000000001', 'org-00000000-0000-4000-8000-000000000000'),
 ('passage_tag-f8091a2b-0000-4000-8000-000000000002', 'escalation',  'passage-e7f8091a-0000-4000-8000-000000000001', 'archive-d6e7f809-0000-4000-8000-000000000001', 'org-00000000-0000-4000-8000-000000000000'),
 ('passage_tag-f8091a2b-0000-4000-8000-000000000003', 'preferences', 'passage-e7f8091a-0000-4000-8000-000000000002', 'archive-d6e7f809-0000-4000-8000-000000000001', 'org-00000000-0000-4000-8000-000000000000'),
 ('passage_tag-f8091a2b-0000-4000-8000-000000000004', 'paper',       'passage-e7f8091a-0000-4000-8000-000000000003', 'archive-d6e7f809-0000-4000-8000-000000000002', 'org-00000000-0000-4000-8000-000000000000'),
 ('passage_tag-f8091a2b-0000-4000-8000-000000000005', 'incident',    'passage-e7f8091a-0000-4000-8000-000000000005', 'archive-d6e7f809-0000-4000-8000-000000000003', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11');

-- ---------------------------------------------------------------- conversations / blocks_conversations
INSERT INTO conversations (id, agent_id, summary, organization_id, model, model_settings, last_message_at, created_at) VALUES
 ('conv-091a2b3c-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'Refund question from Chad', 'org-00000000-0000-4000-8000-000000000000', NULL, NULL, '2026-03-05 16:19:58+00', '2026-03-05 16:10:00+00'),
 ('conv-091a2b3c-0000-4000-8000-000000000002', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', NULL, 'org-00000000-0000-4000-8000-000000000000', 'openai/gpt-4o-mini', '{"provider_type":"openai","temperature":0.1,"max_output_tokens":2048}', '2026-03-06 08:59:59+00', '2026-03-06 08:58:00+00');

INSERT INTO blocks_conversations (conversation_id, block_id, block_label) VALUES
 ('conv-091a2b3c-0000-4000-8000-000000000001', 'block-4d5e6f70-0000-4000-8000-000000000002', 'human'),
 ('conv-091a2b3c-0000-4000-8000-000000000002', 'block-4d5e6f70-0000-4000-8000-000000000006', 'project_notes');

-- ---------------------------------------------------------------- runs / steps (messages reference both)
INSERT INTO runs (id, status, completed_at, stop_reason, background, metadata_, request_config, agent_id, callback_url, callback_sent_at, callback_status_code, callback_error, ttft_ns, total_duration_ns, created_at, organization_id, project_id, base_template_id, template_id, deployment_id, conversation_id) VALUES
 ('run-1a2b3c4d-0000-4000-8000-000000000001', 'completed', '2026-03-05 16:19:58.123', 'end_turn', false, '{}', '{"use_assistant_message":true,"assistant_message_tool_name":"send_message","include_return_message_types":null}',
  'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'https://hooks.example.com/letta', '2026-03-05 16:19:59', 200, NULL, 412000000, 2140000000, '2026-03-05 16:19:56+00', 'org-00000000-0000-4000-8000-000000000000', 'proj-9f8e7d6c', NULL, NULL, NULL, 'conv-091a2b3c-0000-4000-8000-000000000001'),
 ('run-1a2b3c4d-0000-4000-8000-000000000002', 'failed', '2026-03-06 08:59:59', 'error', true, '{"error":"upstream 529 overloaded"}', NULL,
  'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'https://hooks.example.com/letta', '2026-03-06 09:00:00', 500, 'callback endpoint returned HTTP 500', NULL, 48211000000, '2026-03-06 08:59:11+00', 'org-00000000-0000-4000-8000-000000000000', 'proj-9f8e7d6c', 'base-template-cc33dd44', 'template-aa11bb22', 'deploy-2026-03', 'conv-091a2b3c-0000-4000-8000-000000000002'),
 ('run-1a2b3c4d-0000-4000-8000-000000000003', 'running', NULL, NULL, false, NULL, NULL,
  'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', NULL, NULL, NULL, NULL, 250000000, NULL, '2026-02-12 03:14:09+00', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', NULL, NULL, NULL, NULL, NULL);

INSERT INTO steps (completion_tokens, prompt_tokens, total_tokens, created_at, id, origin, organization_id, provider_id, provider_name, model, context_window_limit, completion_tokens_details, tags, tid, model_endpoint, trace_id, agent_id, provider_category, feedback, project_id, stop_reason, error_type, error_data, status, run_id, prompt_tokens_details, request_id, model_handle, cached_input_tokens, cache_write_tokens, reasoning_tokens) VALUES
 (42, 3120, 3162, '2026-03-05 16:19:57+00', 'step-2b3c4d5e-0000-4000-8000-000000000001', 'api', 'org-00000000-0000-4000-8000-000000000000', 'provider-0a1b2c3d-0000-4000-8000-000000000001', 'openai', 'gpt-4o-mini', 128000,
  '{"reasoning_tokens":0}', '[]', NULL, 'https://api.openai.com/v1', 'trace-7f6e5d4c3b2a1908', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'base', 'positive', 'proj-9f8e7d6c', 'tool_rule', NULL, NULL, 'SUCCESS', 'run-1a2b3c4d-0000-4000-8000-000000000001', '{"cached_tokens":2048}', 'req-01', 'openai/gpt-4o-mini', 2048, NULL, 0),
 (18, 3301, 3319, '2026-03-05 16:19:58+00', 'step-2b3c4d5e-0000-4000-8000-000000000002', 'api', 'org-00000000-0000-4000-8000-000000000000', 'provider-0a1b2c3d-0000-4000-8000-000000000001', 'openai', 'gpt-4o-mini', 128000,
  NULL, '[]', NULL, 'https://api.openai.com/v1', 'trace-7f6e5d4c3b2a1908', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'base', NULL, 'proj-9f8e7d6c', 'end_turn', NULL, NULL, 'SUCCESS', 'run-1a2b3c4d-0000-4000-8000-000000000001', NULL, 'req-01', 'openai/gpt-4o-mini', NULL, NULL, NULL),
 (0, 5120, 5120, '2026-03-06 08:59:58+00', 'step-2b3c4d5e-0000-4000-8000-000000000003', 'sdk', 'org-00000000-0000-4000-8000-000000000000', 'provider-0a1b2c3d-0000-4000-8000-000000000002', 'anthropic-byok', 'claude-sonnet-4-5', 200000,
  NULL, '["research"]', NULL, 'https://api.anthropic.com/v1', 'trace-0011223344556677', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'byok', 'negative', 'proj-9f8e7d6c', 'error', 'LLMServerError',
  '{"message":"Overloaded","status_code":529,"traceback":"Traceback (most recent call last):\n  ..."}', 'FAILED', 'run-1a2b3c4d-0000-4000-8000-000000000002', NULL, 'req-02', 'anthropic-byok/claude-sonnet-4-5', NULL, 1024, NULL),
 (DEFAULT, DEFAULT, DEFAULT, '2026-02-12 03:14:10+00', 'step-2b3c4d5e-0000-4000-8000-000000000004', NULL, 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'provider-0a1b2c3d-0000-4000-8000-000000000003', 'bedrock-acme', 'anthropic.claude-3-haiku-20240307-v1:0', 200000,
  NULL, NULL, NULL, NULL, NULL, 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'byok', NULL, NULL, NULL, NULL, NULL, 'PENDING', 'run-1a2b3c4d-0000-4000-8000-000000000003', NULL, NULL, 'bedrock-acme/claude-3-haiku', NULL, NULL, NULL);

-- ---------------------------------------------------------------- messages (sequence_id from message_seq_id)
INSERT INTO messages (id, agent_id, role, text, model, name, tool_calls, tool_call_id, created_at, organization_id, step_id, otid, tool_returns, group_id, content, sender_id, batch_item_id, is_err, approval_request_id, approve, denial_reason, run_id, approvals, conversation_id) VALUES
 ('message-2c3d4e5f-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'system', NULL, 'gpt-4o-mini', NULL, '[]', NULL, '2026-03-01 10:00:00+00', 'org-00000000-0000-4000-8000-000000000000', NULL, NULL, NULL, NULL,
  '[{"type":"text","text":"You are Letta, the latest version of Limnal Corporation''s digital companion.\n<memory_blocks>...</memory_blocks>"}]', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 ('message-2c3d4e5f-0000-4000-8000-000000000002', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'user', NULL, NULL, NULL, '[]', NULL, '2026-03-05 16:19:56+00', 'org-00000000-0000-4000-8000-000000000000', 'step-2b3c4d5e-0000-4000-8000-000000000001', 'otid-0001', NULL, NULL,
  '[{"type":"text","text":"Hi! Can I get a refund for last month? 🙏"}]', 'identity-6f708192-0000-4000-8000-000000000001', NULL, false, NULL, NULL, NULL, 'run-1a2b3c4d-0000-4000-8000-000000000001', NULL, 'conv-091a2b3c-0000-4000-8000-000000000001'),
 ('message-2c3d4e5f-0000-4000-8000-000000000003', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'assistant', NULL, 'gpt-4o-mini', NULL,
  '[{"id":"call_9f8e7d6c5b4a","type":"function","function":{"name":"conversation_search","arguments":"{\"query\": \"refund\"}"}}]', NULL, '2026-03-05 16:19:57+00', 'org-00000000-0000-4000-8000-000000000000', 'step-2b3c4d5e-0000-4000-8000-000000000001', 'otid-0002', NULL, NULL,
  '[{"type":"reasoning","reasoning":"User wants a refund; check history first.","is_native":false}]', NULL, NULL, false, NULL, NULL, NULL, 'run-1a2b3c4d-0000-4000-8000-000000000001', NULL, 'conv-091a2b3c-0000-4000-8000-000000000001'),
 ('message-2c3d4e5f-0000-4000-8000-000000000004', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'tool', NULL, 'gpt-4o-mini', 'conversation_search', '[]', 'call_9f8e7d6c5b4a', '2026-03-05 16:19:57.5+00', 'org-00000000-0000-4000-8000-000000000000', 'step-2b3c4d5e-0000-4000-8000-000000000001', 'otid-0003',
  '[{"tool_call_id":"call_9f8e7d6c5b4a","status":"success","stdout":null,"stderr":null,"func_response":"{\"status\": \"OK\", \"message\": \"2 results\"}"}]', NULL,
  '[{"type":"tool_return","tool_call_id":"call_9f8e7d6c5b4a","status":"success","content":"2 results"}]', NULL, NULL, false, NULL, NULL, NULL, 'run-1a2b3c4d-0000-4000-8000-000000000001', NULL, 'conv-091a2b3c-0000-4000-8000-000000000001'),
 ('message-2c3d4e5f-0000-4000-8000-000000000005', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'assistant', NULL, 'gpt-4o-mini', NULL,
  '[{"id":"call_0a1b2c3d4e5f","type":"function","function":{"name":"send_message","arguments":"{\"message\": \"Refunds are handled by billing — I have escalated your request.\"}"}}]', NULL, '2026-03-05 16:19:58+00', 'org-00000000-0000-4000-8000-000000000000', 'step-2b3c4d5e-0000-4000-8000-000000000002', 'otid-0004', NULL, NULL,
  NULL, NULL, NULL, false, NULL, NULL, NULL, 'run-1a2b3c4d-0000-4000-8000-000000000001', NULL, 'conv-091a2b3c-0000-4000-8000-000000000001'),
 ('message-2c3d4e5f-0000-4000-8000-000000000006', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'system', 'You are a meticulous research assistant.', 'claude-sonnet-4-5', NULL, '[]', NULL, '2026-03-01 11:00:00+00', 'org-00000000-0000-4000-8000-000000000000', NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 ('message-2c3d4e5f-0000-4000-8000-000000000007', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'approval', NULL, 'claude-sonnet-4-5', NULL,
  '[{"id":"toolu_01AbCdEf","type":"function","function":{"name":"github__create_issue","arguments":"{\"repo\": \"acme/lab\", \"title\": \"Rerun fold\"}"}}]', NULL, '2026-03-06 08:59:12+00', 'org-00000000-0000-4000-8000-000000000000', 'step-2b3c4d5e-0000-4000-8000-000000000003', 'otid-0005', NULL, 'group-708192a3-0000-4000-8000-000000000002',
  '[{"type":"text","text":"I would like to open an issue."}]', NULL, NULL, false, NULL, NULL, NULL, 'run-1a2b3c4d-0000-4000-8000-000000000002', NULL, 'conv-091a2b3c-0000-4000-8000-000000000002'),
 ('message-2c3d4e5f-0000-4000-8000-000000000008', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'approval', NULL, NULL, NULL, '[]', NULL, '2026-03-06 08:59:30+00', 'org-00000000-0000-4000-8000-000000000000', 'step-2b3c4d5e-0000-4000-8000-000000000003', 'otid-0006', NULL, NULL,
  NULL, 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', NULL, true, 'message-2c3d4e5f-0000-4000-8000-000000000007', false, 'Not now, the cluster is down.', 'run-1a2b3c4d-0000-4000-8000-000000000002',
  '[{"type":"approval","tool_call_id":"toolu_01AbCdEf","approve":false,"reason":"Not now, the cluster is down."}]', 'conv-091a2b3c-0000-4000-8000-000000000002'),
 ('message-2c3d4e5f-0000-4000-8000-000000000009', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'system', 'You help the Acme on-call engineer.', NULL, NULL, '[]', NULL, '2026-02-11 09:00:00+00', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 ('message-2c3d4e5f-0000-4000-8000-000000000010', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'user', E'disk full on db-3\nplease help', NULL, NULL, '[]', NULL, '2026-02-12 03:14:09+00', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'step-2b3c4d5e-0000-4000-8000-000000000004', NULL, NULL, NULL,
  NULL, NULL, 'batch_item-3c4d5e6f-0000-4000-8000-000000000002', NULL, NULL, NULL, NULL, 'run-1a2b3c4d-0000-4000-8000-000000000003', NULL, NULL);

-- ---------------------------------------------------------------- conversation_messages (NULL conversation_id = default conversation)
INSERT INTO conversation_messages (id, conversation_id, agent_id, message_id, "position", in_context, organization_id) VALUES
 ('conv_msg-3d4e5f60-0000-4000-8000-000000000001', 'conv-091a2b3c-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'message-2c3d4e5f-0000-4000-8000-000000000002', 0, true,  'org-00000000-0000-4000-8000-000000000000'),
 ('conv_msg-3d4e5f60-0000-4000-8000-000000000002', 'conv-091a2b3c-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'message-2c3d4e5f-0000-4000-8000-000000000003', 1, true,  'org-00000000-0000-4000-8000-000000000000'),
 ('conv_msg-3d4e5f60-0000-4000-8000-000000000003', 'conv-091a2b3c-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'message-2c3d4e5f-0000-4000-8000-000000000004', 2, true,  'org-00000000-0000-4000-8000-000000000000'),
 ('conv_msg-3d4e5f60-0000-4000-8000-000000000004', 'conv-091a2b3c-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'message-2c3d4e5f-0000-4000-8000-000000000005', 3, false, 'org-00000000-0000-4000-8000-000000000000'),
 ('conv_msg-3d4e5f60-0000-4000-8000-000000000005', 'conv-091a2b3c-0000-4000-8000-000000000002', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'message-2c3d4e5f-0000-4000-8000-000000000007', 0, true,  'org-00000000-0000-4000-8000-000000000000'),
 ('conv_msg-3d4e5f60-0000-4000-8000-000000000006', NULL,                                        'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'message-2c3d4e5f-0000-4000-8000-000000000009', 0, true,  'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11'),
 ('conv_msg-3d4e5f60-0000-4000-8000-000000000007', NULL,                                        'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'message-2c3d4e5f-0000-4000-8000-000000000010', 1, true,  'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11');

-- ---------------------------------------------------------------- run_metrics / step_metrics
INSERT INTO run_metrics (id, run_start_ns, run_ns, num_steps, project_id, agent_id, organization_id, base_template_id, template_id, deployment_id, tools_used) VALUES
 ('run-1a2b3c4d-0000-4000-8000-000000000001', 1772727596000000000, 2140000000, 2, 'proj-9f8e7d6c', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'org-00000000-0000-4000-8000-000000000000', NULL, NULL, NULL, '["tool-7a6b5c4d-0000-4000-8000-000000000002","tool-7a6b5c4d-0000-4000-8000-000000000001"]'),
 ('run-1a2b3c4d-0000-4000-8000-000000000002', 1772787551000000000, 48211000000, 1, 'proj-9f8e7d6c', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'org-00000000-0000-4000-8000-000000000000', 'base-template-cc33dd44', 'template-aa11bb22', 'deploy-2026-03', '[]'),
 ('run-1a2b3c4d-0000-4000-8000-000000000003', 1770866049000000000, NULL, 1, NULL, 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', NULL, NULL, NULL, NULL);

INSERT INTO step_metrics (id, organization_id, provider_id, llm_request_ns, tool_execution_ns, step_ns, base_template_id, template_id, project_id, agent_id, step_start_ns, llm_request_start_ns, run_id) VALUES
 ('step-2b3c4d5e-0000-4000-8000-000000000001', 'org-00000000-0000-4000-8000-000000000000', 'provider-0a1b2c3d-0000-4000-8000-000000000001', 812000000, 35000000, 900000000, NULL, NULL, 'proj-9f8e7d6c', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 1772727596100000000, 1772727596120000000, 'run-1a2b3c4d-0000-4000-8000-000000000001'),
 ('step-2b3c4d5e-0000-4000-8000-000000000002', 'org-00000000-0000-4000-8000-000000000000', 'provider-0a1b2c3d-0000-4000-8000-000000000001', 1100000000, 1200000, 1200000000, NULL, NULL, 'proj-9f8e7d6c', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 1772727597000000000, 1772727597010000000, 'run-1a2b3c4d-0000-4000-8000-000000000001'),
 ('step-2b3c4d5e-0000-4000-8000-000000000003', 'org-00000000-0000-4000-8000-000000000000', 'provider-0a1b2c3d-0000-4000-8000-000000000002', 46000000000, NULL, 48000000000, 'base-template-cc33dd44', 'template-aa11bb22', 'proj-9f8e7d6c', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 1772787551000000000, 1772787551050000000, 'run-1a2b3c4d-0000-4000-8000-000000000002'),
 ('step-2b3c4d5e-0000-4000-8000-000000000004', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', 1770866050000000000, NULL, 'run-1a2b3c4d-0000-4000-8000-000000000003');

-- ---------------------------------------------------------------- provider_traces / provider_trace_metadata
INSERT INTO provider_traces (id, request_json, response_json, step_id, organization_id, agent_id, agent_tags, call_type, run_id, source, org_id, user_id, compaction_settings, llm_config, created_at) VALUES
 ('provider_trace-4e5f6071-0000-4000-8000-000000000001',
  '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are Letta..."},{"role":"user","content":"Hi! Can I get a refund for last month? 🙏"}],"tools":[{"type":"function","function":{"name":"conversation_search"}}],"tool_choice":"required"}',
  '{"id":"chatcmpl-AbC123","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"call_9f8e7d6c5b4a","type":"function","function":{"name":"conversation_search","arguments":"{\"query\": \"refund\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":3120,"completion_tokens":42,"total_tokens":3162}}',
  'step-2b3c4d5e-0000-4000-8000-000000000001', 'org-00000000-0000-4000-8000-000000000000', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', '["support","prod"]', 'agent_step', 'run-1a2b3c4d-0000-4000-8000-000000000001', 'memgpt-server', 'org-00000000-0000-4000-8000-000000000000', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', NULL,
  '{"model":"gpt-4o-mini","model_endpoint_type":"openai","context_window":128000}', '2026-03-05 16:19:57+00'),
 ('provider_trace-4e5f6071-0000-4000-8000-000000000002',
  '{"model":"claude-sonnet-4-5","max_tokens":8192,"messages":[{"role":"user","content":"Summarise the transcript"}]}',
  '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
  'step-2b3c4d5e-0000-4000-8000-000000000003', 'org-00000000-0000-4000-8000-000000000000', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', '["research","prod"]', 'summarization', 'run-1a2b3c4d-0000-4000-8000-000000000002', 'lettuce-py', 'org-00000000-0000-4000-8000-000000000000', NULL,
  '{"mode":"sliding_window","sliding_window_percentage":0.3}', NULL, '2026-03-06 08:59:58+00');

INSERT INTO provider_trace_metadata (id, step_id, agent_id, agent_tags, call_type, run_id, source, org_id, user_id, created_at, organization_id) VALUES
 ('provider_trace-4e5f6071-0000-4000-8000-000000000001', 'step-2b3c4d5e-0000-4000-8000-000000000001', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', '["support","prod"]', 'agent_step', 'run-1a2b3c4d-0000-4000-8000-000000000001', 'memgpt-server', 'org-00000000-0000-4000-8000-000000000000', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', '2026-03-05 16:19:57+00', 'org-00000000-0000-4000-8000-000000000000'),
 ('provider_trace-4e5f6071-0000-4000-8000-000000000002', 'step-2b3c4d5e-0000-4000-8000-000000000003', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', '["research","prod"]', 'summarization', 'run-1a2b3c4d-0000-4000-8000-000000000002', 'lettuce-py', 'org-00000000-0000-4000-8000-000000000000', NULL, '2026-03-06 08:59:58+00', 'org-00000000-0000-4000-8000-000000000000');

-- ---------------------------------------------------------------- jobs / llm_batch_job / llm_batch_items
INSERT INTO jobs (id, user_id, status, created_at, completed_at, metadata_, job_type, request_config, callback_url, callback_sent_at, callback_status_code, callback_error, ttft_ns, total_duration_ns, organization_id, stop_reason, background) VALUES
 ('job-5f607182-0000-4000-8000-000000000001', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', 'completed', '2026-03-01 09:31:00+00', '2026-03-01 09:33:12.5', '{"type":"embedding","filename":"faq.md","source_id":"source-8192a3b4-0000-4000-8000-000000000001","num_passages":2}', 'job', NULL, NULL, NULL, NULL, NULL, NULL, 132500000000, 'org-00000000-0000-4000-8000-000000000000', NULL, false),
 ('job-5f607182-0000-4000-8000-000000000002', 'user-00000000-0000-4000-8000-000000000000', 'running', '2026-03-07 00:00:00+00', NULL, '{"batch":"nightly-reflection"}', 'batch', '{"use_assistant_message":true}', 'https://hooks.example.com/batch', NULL, NULL, NULL, NULL, NULL, 'org-00000000-0000-4000-8000-000000000000', NULL, true),
 ('job-5f607182-0000-4000-8000-000000000003', 'user-8e2b4c6d-1f3a-4b5c-8d7e-9f0a1b2c3d33', 'failed', '2026-02-11 09:10:00+00', '2026-02-11 09:10:05', NULL, 'job', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'error', NULL);

INSERT INTO llm_batch_job (id, status, llm_provider, create_batch_response, latest_polling_response, last_polled_at, organization_id, letta_batch_job_id, created_at) VALUES
 ('batch_req-60718293-0000-4000-8000-000000000001', 'running', 'anthropic',
  '{"id":"msgbatch_013Zva2CMHLNnXjNJJKqJ2EF","type":"message_batch","processing_status":"in_progress","request_counts":{"processing":2,"succeeded":0,"errored":0,"canceled":0,"expired":0},"created_at":"2026-03-07T00:00:01Z","expires_at":"2026-03-08T00:00:01Z"}',
  '{"id":"msgbatch_013Zva2CMHLNnXjNJJKqJ2EF","type":"message_batch","processing_status":"in_progress","request_counts":{"processing":1,"succeeded":1,"errored":0,"canceled":0,"expired":0}}',
  '2026-03-07 00:10:00+00', 'org-00000000-0000-4000-8000-000000000000', 'job-5f607182-0000-4000-8000-000000000002', '2026-03-07 00:00:01+00'),
 ('batch_req-60718293-0000-4000-8000-000000000002', 'completed', 'anthropic',
  '{"id":"msgbatch_01HkcTjaV5uDC8jWR4ZsDV8d","type":"message_batch","processing_status":"in_progress","request_counts":{"processing":1,"succeeded":0,"errored":0,"canceled":0,"expired":0}}',
  '{"id":"msgbatch_01HkcTjaV5uDC8jWR4ZsDV8d","type":"message_batch","processing_status":"ended","request_counts":{"processing":0,"succeeded":1,"errored":0,"canceled":0,"expired":0},"ended_at":"2026-03-06T00:20:00Z"}',
  '2026-03-06 00:20:05+00', 'org-00000000-0000-4000-8000-000000000000', 'job-5f607182-0000-4000-8000-000000000002', '2026-03-06 00:00:01+00');

INSERT INTO llm_batch_items (id, llm_config, request_status, step_status, step_state, batch_request_result, organization_id, agent_id, llm_batch_id) VALUES
 ('batch_item-3c4d5e6f-0000-4000-8000-000000000001', '{"model":"claude-sonnet-4-5","model_endpoint_type":"anthropic","context_window":200000}', 'completed', 'completed',
  '{"step_number":1,"tool_rules_solver":{"tool_rules":[]}}',
  '{"custom_id":"agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001","result":{"type":"succeeded","message":{"id":"msg_01","content":[{"type":"text","text":"ok"}]}}}',
  'org-00000000-0000-4000-8000-000000000000', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000001', 'batch_req-60718293-0000-4000-8000-000000000001'),
 ('batch_item-3c4d5e6f-0000-4000-8000-000000000002', '{"model":"claude-sonnet-4-5","model_endpoint_type":"anthropic","context_window":200000}', 'created', 'paused',
  '{"step_number":0,"tool_rules_solver":{"tool_rules":[]}}', NULL,
  'org-00000000-0000-4000-8000-000000000000', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'batch_req-60718293-0000-4000-8000-000000000001');

-- ---------------------------------------------------------------- sandbox configs / env vars
INSERT INTO sandbox_configs (id, type, config, organization_id) VALUES
 ('sandbox-718293a4-0000-4000-8000-000000000001', 'LOCAL', '{"sandbox_dir":"/home/letta/.letta/tool_execution_dir","use_venv":true,"venv_name":"venv","pip_requirements":[{"name":"requests"}]}', 'org-00000000-0000-4000-8000-000000000000'),
 ('sandbox-718293a4-0000-4000-8000-000000000002', 'E2B',   '{"timeout":300,"template":null,"pip_requirements":[]}', 'org-00000000-0000-4000-8000-000000000000'),
 ('sandbox-718293a4-0000-4000-8000-000000000003', 'MODAL', '{"timeout":60,"pip_requirements":[]}', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11');

INSERT INTO sandbox_environment_variables (id, key, value, description, organization_id, sandbox_config_id, value_enc) VALUES
 ('sandbox-env-8293a4b5-0000-4000-8000-000000000001', 'WEATHER_API_KEY', '', 'Key for wttr proxy', 'org-00000000-0000-4000-8000-000000000000', 'sandbox-718293a4-0000-4000-8000-000000000001', 'gAAAAABn_enc_weather_key'),
 ('sandbox-env-8293a4b5-0000-4000-8000-000000000002', 'HTTP_PROXY', 'http://proxy.internal:3128', NULL, 'org-00000000-0000-4000-8000-000000000000', 'sandbox-718293a4-0000-4000-8000-000000000002', NULL);

INSERT INTO agent_environment_variables (id, key, value, description, organization_id, agent_id, value_enc) VALUES
 ('agent-env-93a4b5c6-0000-4000-8000-000000000001', 'GITHUB_TOKEN', '', 'PAT for issue creation', 'org-00000000-0000-4000-8000-000000000000', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000002', 'gAAAAABn_enc_ghp_xxx'),
 ('agent-env-93a4b5c6-0000-4000-8000-000000000002', 'PAGER_TEAM', 'acme-primary', NULL, 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'agent-1b7f3a1e-5a8c-4d2e-9f10-000000000005', NULL);

-- ---------------------------------------------------------------- MCP
INSERT INTO mcp_server (id, server_name, server_type, server_url, stdio_config, organization_id, metadata_, token, custom_headers, token_enc, custom_headers_enc) VALUES
 ('mcp_server-a4b5c6d7-0000-4000-8000-000000000001', 'github', 'streamable_http', 'https://api.githubcopilot.com/mcp/', NULL, 'org-00000000-0000-4000-8000-000000000000', '{}', NULL, NULL, 'gAAAAABn_enc_gh_token', 'gAAAAABn_enc_{"X-Org":"acme"}'),
 ('mcp_server-a4b5c6d7-0000-4000-8000-000000000002', 'filesystem', 'stdio', NULL, '{"server_name":"filesystem","type":"stdio","command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/data"],"env":{"NODE_ENV":"production"}}', 'org-00000000-0000-4000-8000-000000000000', '{}', NULL, NULL, NULL, NULL),
 ('mcp_server-a4b5c6d7-0000-4000-8000-000000000003', 'pagerduty', 'sse', 'https://mcp.pagerduty.example/sse', NULL, 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', NULL, NULL, '{"Authorization":"Bearer <redacted>"}', NULL, NULL);

INSERT INTO mcp_tools (mcp_server_id, tool_id, id, organization_id) VALUES
 ('mcp_server-a4b5c6d7-0000-4000-8000-000000000001', 'tool-7a6b5c4d-0000-4000-8000-000000000006', 'mcp-tool-b5c6d7e8-0000-4000-8000-000000000001', 'org-00000000-0000-4000-8000-000000000000'),
 ('mcp_server-a4b5c6d7-0000-4000-8000-000000000003', 'tool-7a6b5c4d-0000-4000-8000-000000000008', 'mcp-tool-b5c6d7e8-0000-4000-8000-000000000002', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11');

INSERT INTO mcp_oauth (id, state, server_id, server_url, server_name, authorization_url, authorization_code, access_token, refresh_token, token_type, expires_at, scope, client_id, client_secret, redirect_uri, status, created_at, updated_at, organization_id, user_id, access_token_enc, refresh_token_enc, client_secret_enc, authorization_code_enc) VALUES
 ('c6d7e8f9-0000-4000-8000-000000000001', 'st_8xGq2Lw0pQ', 'mcp_server-a4b5c6d7-0000-4000-8000-000000000001', 'https://api.githubcopilot.com/mcp/', 'github',
  'https://github.com/login/oauth/authorize?client_id=Iv1.abc&state=st_8xGq2Lw0pQ', NULL, NULL, NULL, 'Bearer', '2026-03-06 10:00:00+00', 'repo read:org', 'Iv1.abc', NULL, 'http://localhost:8283/v1/tools/mcp/oauth/callback', 'authorized',
  '2026-03-06 09:00:00+00', '2026-03-06 09:01:00+00', 'org-00000000-0000-4000-8000-000000000000', 'user-3a9d7c1b-2e4f-4a8b-b5c6-7d8e9f0a1b22', 'gAAAAABn_enc_gho_access', 'gAAAAABn_enc_ghr_refresh', 'gAAAAABn_enc_secret', NULL),
 ('c6d7e8f9-0000-4000-8000-000000000002', 'st_pending_77', NULL, 'https://mcp.pagerduty.example/sse', 'pagerduty',
  NULL, NULL, NULL, NULL, 'Bearer', NULL, NULL, NULL, NULL, NULL, 'pending',
  '2026-02-12 03:00:00+00', '2026-02-12 03:00:00+00', 'org-5c1f2e0a-8b7d-4c3e-9a61-2f4b8d9e0c11', 'user-8e2b4c6d-1f3a-4b5c-8d7e-9f0a1b2c3d33', NULL, NULL, NULL, NULL);

-- ---------------------------------------------------------------- prompts
INSERT INTO prompts (id, prompt, project_id) VALUES
 ('prompt-d7e8f90a-0000-4000-8000-000000000001', E'Summarise the conversation so far in <= 100 words.\nKeep names and dates.', NULL),
 ('prompt-d7e8f90a-0000-4000-8000-000000000002', 'Answer as JSON: {"answer": string}', 'proj-9f8e7d6c');

-- (alembic_version already holds '1c28e167b74f', inserted by schema.sql)

COMMIT;
