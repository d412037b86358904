using Llama3Siem.Prompts.Detection.Sigma;

namespace Llama3Siem.Prompts.Detection;

/// <summary>
/// The rules that ship with the worker: Sigma YAML of our own, embedded from <c>Detection/BuiltIn</c>. Operators add
/// theirs with <c>Detection:SigmaPaths</c>; both go through the same engine.
/// </summary>
public static class BuiltInSigmaRules
{
    private const string ResourcePrefix = "Llama3Siem.Prompts.Detection.BuiltIn.";

    private static readonly Lazy<SigmaLoadResult> Loaded = new(LoadEmbedded);

    /// <summary>
    /// The built-in rules, parsed once per process, their correlations resolved among themselves; combine them with
    /// the operator's (<see cref="SigmaLoadResult.Combine"/>) to use both. A built-in rule that fails to load is a
    /// build defect (a test proves none does).
    /// </summary>
    public static SigmaLoadResult Load() => Loaded.Value;

    private static SigmaLoadResult LoadEmbedded()
    {
        var assembly = typeof(BuiltInSigmaRules).Assembly;
        return SigmaLoadResult.Combine(SigmaRuleLoader.LoadTexts(assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new SigmaRuleText("builtin:" + name[ResourcePrefix.Length..], reader.ReadToEnd());
            })));
    }
}
