namespace Llama3Siem.Prompts.Tests.Events;

/// <summary>Finds the repository root (the folder holding Llama3Siem.sln) and the shared data beside it.</summary>
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

        throw new InvalidOperationException("Llama3Siem.sln not found above the test's base directory.");
    }

    /// <summary>The shipped samples: copied next to the tests, else read from the repository.</summary>
    public static string Sample(string fileName)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "samples", fileName);
        return File.Exists(copied) ? copied : Path.Combine(Root(), "samples", fileName);
    }

    /// <summary>
    /// The OTRF sample folder: &lt;repo&gt;/../shared/data/samples, or the same beside a folder further up (a git
    /// worktree sits one level deeper than the main checkout). Null where /work/shared is absent.
    /// </summary>
    public static string? SharedSamples() => SharedData("samples");

    /// <summary>
    /// &lt;repo&gt;/../shared/data/<paramref name="relative"/> (file or folder), or the same beside a folder further up;
    /// null where it is absent.
    /// </summary>
    public static string? SharedData(string relative)
    {
        for (var dir = Directory.GetParent(Root()); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "shared", "data", relative);
            if (Directory.Exists(path) || File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <summary>A file's lines as raw bytes, split on LF only, so CR and invalid UTF-8 reach the parser untouched.</summary>
    public static IReadOnlyList<byte[]> Lines(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == (byte)'\n')
            {
                if (i > start)
                {
                    lines.Add(bytes[start..i]);
                }

                start = i + 1;
            }
        }

        return lines;
    }
}
