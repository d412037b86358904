using System.Globalization;

namespace Llama3Siem.Benchmarks;

/// <summary>A ratio the issue sets a target for; null when its phase did not run.</summary>
internal sealed record TargetCheck(string Name, double? Value, double Target, bool AtMost)
{
    public bool? Passed => Value is not { } value ? null : AtMost ? value <= Target : value >= Target;

    public string TargetText => string.Create(CultureInfo.InvariantCulture, $"{(AtMost ? "<=" : ">=")} {Target}");

    public string Verdict => Passed switch
    {
        true => "PASS",
        false => "MISS",
        null => "not run",
    };
}
