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

from checker.registry.config import CONFIG, RegistryConfig, has_config, load_config
from checker.registry.layout import printable_name
from checker.registry.load import CATALOG, VOCABULARY_FILES, ClaimsFileResult, claim_files, load_claims_file, load_registry
from checker.registry.model import Acknowledgement, Claim, Evidence, Registry
from checker.registry.quality import aliases_inside_names, duplicate_facts, unused_entries
from checker.registry.references import reference_findings
from checker.registry.typed import TypedClaim, entity_index, publication_period, publication_periods, type_claims
from checker.registry.usage import PropertyUse, SubjectUse, VocabularyUsage, vocabulary_usage
from checker.registry.yamlload import MAX_YAML_BYTES, Path_, YamlError, parse_yaml

__all__ = [
    "CATALOG",
    "CONFIG",
    "MAX_YAML_BYTES",
    "VOCABULARY_FILES",
    "Acknowledgement",
    "Claim",
    "ClaimsFileResult",
    "Evidence",
    "Path_",
    "PropertyUse",
    "Registry",
    "RegistryConfig",
    "SubjectUse",
    "TypedClaim",
    "VocabularyUsage",
    "YamlError",
    "aliases_inside_names",
    "claim_files",
    "duplicate_facts",
    "entity_index",
    "has_config",
    "load_claims_file",
    "load_config",
    "load_registry",
    "parse_yaml",
    "printable_name",
    "publication_period",
    "publication_periods",
    "reference_findings",
    "type_claims",
    "unused_entries",
    "vocabulary_usage",
]
