"""deltacap: the Yangtze River Delta coordinated pollutant-total control platform."""

__version__ = "0.1.0"
