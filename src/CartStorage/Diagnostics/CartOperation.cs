namespace CartStorage;

/// <summary>
/// A kind of storage operation: its <c>cart.storage.operation</c> tag and its span name. Every public method of
/// <see cref="ICartStorage"/> is one of them: the granular reads are <see cref="Get"/>, the granular puts are
/// <see cref="Update"/>.
/// </summary>
internal sealed class CartOperation
{
    public static readonly CartOperation Get = new("get");
    public static readonly CartOperation Update = new("update");
    public static readonly CartOperation Save = new("save");
    public static readonly CartOperation Forget = new("forget");
    public static readonly CartOperation Flush = new("flush");
    public static readonly CartOperation GetInstances = new("get_instances");
    public static readonly CartOperation ForgetIdentifier = new("forget_identifier");
    public static readonly CartOperation Swap = new("swap");
    public static readonly CartOperation Merge = new("merge");

    private CartOperation(string name)
    {
        Name = name;
        SpanName = "cart.storage." + name;
    }

    /// <summary>The <c>cart.storage.operation</c> tag value.</summary>
    public string Name { get; }

    /// <summary>The name of the operation's span: <c>cart.storage.{Name}</c>.</summary>
    public string SpanName { get; }
}
