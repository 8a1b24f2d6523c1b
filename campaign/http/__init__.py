"""HTTP concerns of the partner endpoints: CORS and conditional caching."""
