"""The API kit every app uses: shared schemas and the JSON error mapping."""
