"""The registry layer: the YAML files of claims, subjects, properties and the catalog, loaded with positions.

``yamlload`` parses with bounds and keeps file:line:col for every node;
``schema`` validates against the published JSON Schemas; ``model`` holds the
frozen values; ``load`` assembles a ``Registry`` from a root; ``vocabulary``
and ``references`` check the controlled lists and the ids that point into
them; ``usage`` counts how claims use the vocabularies and ``quality`` keeps
the registry specific (duplicate facts, unused entries, aliases read inside
other names); ``layout`` says where the files live; ``typed`` parses each claim's value
into a typed ``Value`` with its period.

May import: ``checker.findings``, ``checker.documents`` (catalog entries),
``checker.values``. Knows nothing of quotes, conflicts or the engine.
"""

from checker import lazy_layer

__all__ = lazy_layer(__name__, {
    "config": ("CONFIG", "RegistryConfig", "has_config", "load_config"),
    "layout": ("printable_name",),
    "load": ("CATALOG", "VOCABULARY_FILES", "ClaimsFileResult", "claim_files", "load_claims_file", "load_registry"),
    "model": ("Acknowledgement", "Claim", "Evidence", "Registry"),
    "quality": ("aliases_inside_names", "duplicate_facts", "unused_entries"),
    "references": ("reference_findings",),
    "typed": ("TypedClaim", "entity_index", "publication_period", "publication_periods", "type_claims"),
    "usage": ("PropertyUse", "SubjectUse", "VocabularyUsage", "vocabulary_usage"),
    "yamlload": ("MAX_YAML_BYTES", "Path_", "YamlError", "parse_yaml"),
})
