namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>Loads a folder of Sigma rules; a file it cannot use is reported, never thrown.</summary>
public static class SigmaRuleLoader
{
    /// <summary>A rule file, or every rule file of a folder (<see cref="LoadFolder"/>).</summary>
    public static SigmaLoadResult Load(string path) =>
        File.Exists(path) ? LoadFiles([path]) : LoadFolder(path);

    /// <summary>Every *.yml and *.yaml file under <paramref name="path"/>, recursively, in ordinal path order.</summary>
    public static SigmaLoadResult LoadFolder(string path) =>
        LoadFiles(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal));

    private static SigmaLoadResult LoadFiles(IEnumerable<string> files)
    {
        var rules = new List<SigmaRule>();
        var skipped = new List<SigmaSkippedRule>();
        foreach (var file in files)
        {
            try
            {
                rules.Add(SigmaRule.Parse(File.ReadAllText(file), file));
            }
            catch (SigmaRuleException e)
            {
                skipped.Add(new SigmaSkippedRule(file, e.Reason, e.Message));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add(new SigmaSkippedRule(file, SigmaSkipReasons.ReadError, e.Message));
            }
        }

        return new SigmaLoadResult(rules, skipped);
    }
}
