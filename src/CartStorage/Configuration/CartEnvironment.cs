namespace CartStorage;

/// <summary>Reads environment variables; replaced in tests so they do not touch the process environment.</summary>
internal sealed class CartEnvironment(Func<string, string?> get)
{
    public static CartEnvironment Process { get; } = new(Environment.GetEnvironmentVariable);

    /// <summary>The variable's trimmed value, or <see langword="null"/> when it is not set or empty.</summary>
    public string? Read(string variable)
    {
        var value = get(variable);
        return string.IsNullOrEmpty(value) ? null : value.Trim();
    }
}
