"""The read API (/api/v1/): public open data, and Sở Tài chính's city-wide data behind a per-organisation token."""
