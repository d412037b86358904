namespace Llama3Siem.Worker.Tests;

/// <summary>Files of the repository (the folder holding Llama3Siem.sln) and of the shared data beside it.</summary>
internal static class RepositoryFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Llama3Siem.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Llama3Siem.sln not found above the test folder.");
    }

    /// <summary>A file the project ships under samples/.</summary>
    public static string Sample(string name) => Path.Combine(Root(), "samples", name);

    /// <summary>A reference file in ../shared/data; skips the calling test when it is not there.</summary>
    public static string SharedData(string name)
    {
        var path = Path.Combine(Root(), "..", "shared", "data", name);
        if (!File.Exists(path))
        {
            Assert.Skip($"../shared/data/{name} is not next to the repository: this check cannot run here.");
        }

        return path;
    }
}
