using System.Text;
using CartStorage.Testing;

namespace CartStorage.ExternalBackend.Tests;

/// <summary>The shared contract suite on the external backend: the same tests every backend of this repository runs.</summary>
public sealed class InMemoryCartStorageContractTests : CartStorageContractTests
{
    private readonly InMemoryCartStore store = new();

    protected override Task<ICartStorage> CreateStorageAsync(CartStorageOptions options) =>
        Task.FromResult<ICartStorage>(new InMemoryCartStorage(store, Microsoft.Extensions.Options.Options.Create(options)));

    protected override Task StoreRawAsync(string identifier, string instance, string raw)
    {
        store.Put(Options.KeyPrefix, identifier, instance, Encoding.UTF8.GetBytes(raw));
        return Task.CompletedTask;
    }
}
