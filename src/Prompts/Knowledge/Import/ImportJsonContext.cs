using System.Text.Json.Serialization;

namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>
/// Source-generated readers for the official files. Deserialising from a stream keeps only the declared fields,
/// so a 40 MB ATT&amp;CK bundle costs a few megabytes of small records rather than a whole DOM.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CtidMappingDocument))]
[JsonSerializable(typeof(StixBundle))]
internal sealed partial class ImportJsonContext : JsonSerializerContext;
