namespace CartStorage;

/// <summary>
/// A kind of storage operation: its <c>cart.storage.operation</c> tag and its span name. Every public method of
/// <see cref="ICartStorage"/> is one of them: the granular reads are <see cref="Get"/>, the granular puts are
/// <see cref="Update"/>. A backend names one when the base retries a write of its own (<c>RetryAsync</c>,
/// <c>BackoffAsync</c>): the retry metric is tagged with it.
/// </summary>
public sealed class CartOperation
{
    /// <summary>A read of one cart: <c>get</c>.</summary>
    public static CartOperation Get { get; } = new("get");

    /// <summary>An update (and the item conveniences): <c>update</c>.</summary>
    public static CartOperation Update { get; } = new("update");

    /// <summary>A conditional save of a snapshot: <c>save</c>.</summary>
    public static CartOperation Save { get; } = new("save");

    /// <summary>A remove of one cart: <c>forget</c>.</summary>
    public static CartOperation Forget { get; } = new("forget");

    /// <summary>A remove of every cart: <c>flush</c>.</summary>
    public static CartOperation Flush { get; } = new("flush");

    /// <summary>A list of an identifier's instances: <c>get_instances</c>.</summary>
    public static CartOperation GetInstances { get; } = new("get_instances");

    /// <summary>A remove of every instance of an identifier: <c>forget_identifier</c>.</summary>
    public static CartOperation ForgetIdentifier { get; } = new("forget_identifier");

    /// <summary>A move of a cart to another identifier: <c>swap</c>.</summary>
    public static CartOperation Swap { get; } = new("swap");

    /// <summary>A merge of a cart into another identifier's: <c>merge</c>.</summary>
    public static CartOperation Merge { get; } = new("merge");

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
