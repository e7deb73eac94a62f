-- The application's role: owns its tables, but is neither superuser nor BYPASSRLS,
-- so PostgreSQL's row-level security applies to every query it runs.
CREATE ROLE bridgework LOGIN PASSWORD 'bridgework' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE bridgework OWNER bridgework;
