namespace Llama3Siem.Prompts.Events;

/// <summary>
/// The fixed texts of <see cref="EventParseResult.Rejection"/>. They name a position, a limit or a field
/// name that is plainly a name, never a value: rejections are logged and dead-lettered where the record's
/// content must not go.
/// </summary>
internal static class RecordRejections
{
    public const string Empty = "empty record";
    public const string NotAnObject = "not a JSON object";
    public const string ObjectWithoutValues = "JSON object has no values";
    public const string UnrecognisedShape = "unrecognised shape: no message, timestamp or known fields";

    public static string WindowsXmlRefused(string why) => $"Windows event XML refused: {why}";

    public static string RecordTooLarge(int limit) => $"record is larger than {limit} bytes";

    public static string InvalidUtf8(long offset) => $"invalid UTF-8 at byte {offset}";

    public static string NotJson(string kind, long offset) => $"not JSON: {kind} at byte {offset}";

    public static string TooDeep(int limit, long offset) => $"not JSON: nested deeper than {limit} levels at byte {offset}";

    public static string FieldTooLarge(string path, int limit) => $"field {DescribeField(path)} is larger than {limit} bytes";

    public static string FieldNameTooLarge(int limit) => $"a field name is larger than {limit} bytes";

    private static string DescribeField(string path)
    {
        // A field name is record content too; only short, plain identifiers are repeated back.
        const int longestNameRepeated = 100;
        var plain = path.Length is > 0 and <= longestNameRepeated
            && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@' or '$');
        return plain ? $"'{path}'" : "(name withheld)";
    }
}
