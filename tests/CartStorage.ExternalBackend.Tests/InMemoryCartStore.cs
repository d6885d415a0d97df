namespace CartStorage.ExternalBackend.Tests;

/// <summary>
/// Where <see cref="InMemoryCartStorage"/> keeps carts: stored documents by key prefix, identifier and instance. Like a
/// real store it offers reads and a conditional write (<see cref="TryReplace"/>), and no lock across them.
/// </summary>
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

    /// <summary>The stored document, or <see langword="null"/>.</summary>
    public byte[]? Read((string Prefix, string Identifier, string Instance) key) =>
        Locked(c => c.GetValueOrDefault(key));

    /// <summary>
    /// Stores <paramref name="next"/> only if the stored document is still <paramref name="expected"/> (the very array
    /// read; <see langword="null"/>: none), as a version check would.
    /// </summary>
    public bool TryReplace((string Prefix, string Identifier, string Instance) key, byte[]? expected, byte[] next) =>
        Locked(c =>
        {
            if (!ReferenceEquals(c.GetValueOrDefault(key), expected))
            {
                return false;
            }

            c[key] = next;
            return true;
        });

    /// <summary>Stores <paramref name="bytes"/> as a cart's document, bypassing the storage (the contract suite's corruption tests).</summary>
    public void Put(string prefix, string identifier, string instance, byte[] bytes) =>
        Locked(c => c[(prefix, identifier, instance)] = bytes);
}
