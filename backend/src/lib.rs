//! Rà soát server: the REST API over the member register and the organisation tree, the
//! storage on SQLite or PostgreSQL, access control, and the embedded web UI.

pub mod api;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod repo;
pub mod request_id;
pub mod seed;
pub mod server;
pub mod state;
pub mod web;
