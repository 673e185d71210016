"""Every processed artefact by name: its path, writer, reader and schema."""
