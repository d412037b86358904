namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>Loads Sigma rules from files, folders or text; a rule it cannot use is reported, never thrown.</summary>
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

    /// <summary>Rules given as text, each with the name of where it came from (a file, an embedded resource).</summary>
    public static SigmaLoadResult LoadTexts(IEnumerable<SigmaRuleText> texts)
    {
        var rules = new List<SigmaRule>();
        var skipped = new List<SigmaSkippedRule>();
        foreach (var text in texts)
        {
            if (text.ReadError is { } readError)
            {
                skipped.Add(new SigmaSkippedRule(text.Source, SigmaSkipReasons.ReadError, readError));
                continue;
            }

            try
            {
                rules.Add(SigmaRule.Parse(text.Yaml, text.Source));
            }
            catch (SigmaRuleException e)
            {
                skipped.Add(new SigmaSkippedRule(text.Source, e.Reason, e.Message));
            }
        }

        return new SigmaLoadResult(rules, skipped);
    }

    private static SigmaLoadResult LoadFiles(IEnumerable<string> files) => LoadTexts(files.Select(Read));

    private static SigmaRuleText Read(string file)
    {
        try
        {
            return new SigmaRuleText(file, File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SigmaRuleText(file, string.Empty) { ReadError = e.Message };
        }
    }
}
