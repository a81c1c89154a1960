"""Counter app for village e-commerce service stations (村级服务站)."""

__version__ = "0.1.0"
