//! Integration tests of the renderers.
