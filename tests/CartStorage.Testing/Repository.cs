namespace CartStorage.Testing;

/// <summary>Files of this repository, for tests that keep docs true or start the repository's own programs.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The folder that holds Cart.sln, found above the test assembly.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>A path below <see cref="Root"/>.</summary>
    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !System.IO.File.Exists(Path.Combine(directory.FullName, "Cart.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cart.sln not found above " + AppContext.BaseDirectory);
    }
}
