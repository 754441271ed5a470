// Helm's template functions: its own (include, tpl, required, lookup, toYaml, fromYaml, toJson,
// fromJson, toToml and their variants) over sprig's, with the YAML, JSON and TOML writers and
// readers that make their output Helm's byte for byte.

export { helmFunctions, type YamlReader, helmOwnFunctions, helmValues, HELM_ROOT_TEMPLATE, HELM_VALUES_TYPE, MAX_INCLUDE_DEPTH } from './functions';
export { compareKeys, marshalYaml, marshalYamlPretty, marshalYamlWithOrigins, resolvesToString } from './yamlwrite';
export { unmarshalYaml, type YamlTarget } from './yamlread';
export { marshalToml } from './toml';
