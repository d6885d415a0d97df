namespace CartStorage.ExternalBackend.Tests;

/// <summary>Where <see cref="InMemoryCartStorage"/> keeps carts: stored documents by key prefix, identifier and instance, behind one lock.</summary>
public sealed class InMemoryCartStore
{
    private readonly Dictionary<(string Prefix, string Identifier, string Instance), byte[]> carts = [];

    /// <summary>Runs <paramref name="action"/> with the carts, one caller at a time.</summary>
    public T Locked<T>(Func<Dictionary<(string Prefix, string Identifier, string Instance), byte[]>, T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (carts)
        {
            return action(carts);
        }
    }

    /// <summary>Stores <paramref name="bytes"/> as a cart's document, bypassing the storage (the contract suite's corruption tests).</summary>
    public void Put(string prefix, string identifier, string instance, byte[] bytes) =>
        Locked(c => c[(prefix, identifier, instance)] = bytes);
}
