namespace Llama3Siem.Benchmarks;

/// <summary>SigmaHQ's rule set as the benchmarks load it: the windows, linux, cloud and network folders (issue 13).</summary>
internal static class SigmaHqRules
{
    private static readonly string[] Areas = ["windows", "linux", "cloud", "network"];

    /// <summary>shared/data/sigma/rules beside the repository, or beside a folder above it (a worktree sits deeper); null when absent.</summary>
    public static string? Find(string repositoryRoot)
    {
        for (var dir = Directory.GetParent(repositoryRoot); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "data", "sigma", "rules");
            if (Directory.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>The product folders of a SigmaHQ checkout, or the folder itself when it has none of them.</summary>
    public static IReadOnlyList<string> Paths(string folder)
    {
        var areas = Areas.Select(area => Path.Combine(folder, area)).Where(Directory.Exists).ToList();
        return areas.Count > 0 ? areas : [folder];
    }
}
