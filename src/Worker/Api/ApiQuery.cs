using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Llama3Siem.Worker.Api;

/// <summary>Query-string parameters read the same way on every route; a bad one adds a message that names it.</summary>
internal static class ApiQuery
{
    public static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;

    public static DateTimeOffset? Time(IQueryCollection query, string name, List<string> errors)
    {
        if (Text(query, name) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        errors.Add($"{name} must be a date and time such as 2026-03-02T00:00:00Z.");
        return null;
    }

    public static int Number(IQueryCollection query, string name, int fallback, List<string> errors)
    {
        if (Text(query, name) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add($"{name} must be a whole number.");
        return fallback;
    }
}
