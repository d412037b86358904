using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>
/// Looks up an event's fields by names made of parts (an event-data prefix and a Sigma name, a list item's
/// <c>name.0</c>) without building the names as strings. Most names tried are absent (every field is tried
/// under its Winlogbeat containers, its aliases and as a list before it is known to be missing), and a string
/// per absent name was most of what matching an event allocated.
/// </summary>
internal static class SigmaFieldLookup
{
    /// <summary>Names up to this long are composed on the stack.</summary>
    private const int StackChars = 256;

    /// <summary>The longest list-item suffix: a dot and an int's digits.</summary>
    private const int ItemSuffixChars = 11;

    /// <summary>
    /// The value of the field <paramref name="prefix"/><paramref name="name"/>, or the items of the list the
    /// flattener wrote as name.0, name.1, ...; none when the event has neither.
    /// </summary>
    public static string[] Values(IReadOnlyDictionary<string, string> fields, string prefix, string name)
    {
        var length = prefix.Length + name.Length;
        Span<char> buffer = length + ItemSuffixChars <= StackChars ? stackalloc char[StackChars] : new char[length + ItemSuffixChars];
        prefix.CopyTo(buffer);
        name.CopyTo(buffer[prefix.Length..]);
        if (TryGetValue(fields, buffer[..length], out var value))
        {
            return [value];
        }

        List<string>? items = null;
        for (var i = 0; TryGetItem(fields, buffer, length, i, out var item); i++)
        {
            (items ??= []).Add(item);
        }

        return items is null ? [] : [.. items];
    }

    /// <summary>Whether the field <paramref name="name"/>, or an item of it as a list, is <paramref name="value"/> ignoring case.</summary>
    public static bool HasItem(IReadOnlyDictionary<string, string> fields, string name, string value)
    {
        if (fields.TryGetValue(name, out var whole) && string.Equals(whole, value, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        Span<char> buffer = name.Length + ItemSuffixChars <= StackChars ? stackalloc char[StackChars] : new char[name.Length + ItemSuffixChars];
        name.CopyTo(buffer);
        for (var i = 0; TryGetItem(fields, buffer, name.Length, i, out var item); i++)
        {
            if (string.Equals(item, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Item <paramref name="index"/> of the list whose name is the first <paramref name="length"/> characters of the buffer.</summary>
    private static bool TryGetItem(
        IReadOnlyDictionary<string, string> fields, Span<char> buffer, int length, int index, [NotNullWhen(true)] out string? item)
    {
        buffer[length] = '.';
        index.TryFormat(buffer[(length + 1)..], out var digits, provider: CultureInfo.InvariantCulture);
        return TryGetValue(fields, buffer[..(length + 1 + digits)], out item);
    }

    /// <summary>
    /// The parser's dictionaries (ordinal, or the default comparer of hand-made events) look a span up as they would
    /// the string; any other dictionary is given the string.
    /// </summary>
    private static bool TryGetValue(IReadOnlyDictionary<string, string> fields, ReadOnlySpan<char> name, [NotNullWhen(true)] out string? value) =>
        fields is Dictionary<string, string> dictionary && dictionary.TryGetAlternateLookup<ReadOnlySpan<char>>(out var lookup)
            ? lookup.TryGetValue(name, out value)
            : fields.TryGetValue(name.ToString(), out value);
}
