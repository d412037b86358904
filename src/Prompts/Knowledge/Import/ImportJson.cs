using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Llama3Siem.Prompts.Knowledge.Import;

internal static class ImportJson
{
    /// <summary>
    /// Reads one official JSON file from a stream. Failures name the file and the JSON position, never the
    /// content around it: operators paste these messages into tickets.
    /// </summary>
    public static T Read<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
            return JsonSerializer.Deserialize(stream, typeInfo)
                ?? throw new InvalidDataException($"{path}: the file holds JSON null, not an object.");
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : string.Empty;
            var field = string.IsNullOrEmpty(ex.Path) ? string.Empty : $" (field {ex.Path})";
            throw new InvalidDataException($"{path}: not valid JSON of the expected shape{where}{field}.", ex);
        }
    }
}
