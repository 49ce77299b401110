"""Members' perspectives: guided codings of contexts by TWG members, stored in a SQL database.

models (tables), db (engine, migrations), questions (the guiding questions file), store
(validated transactional writes), agreement (Krippendorff's alpha), merge (consensus into the
dataset), cli (`python -m typology perspectives ...`). No Streamlit import here.
"""
