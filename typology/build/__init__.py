"""Build the shipped context tables (data/cities.csv, provenance.csv, sources.csv) from the
public originals in ../shared/data and the hand-edited tables in data/. See pipeline.py."""
