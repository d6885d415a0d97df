namespace CartStorage;

/// <summary>A driver registered with <c>CartStorageBuilder.AddDriver</c>: its name and how to create its storage.</summary>
internal sealed record CartDriverRegistration(string Name, Func<IServiceProvider, ICartStorage> Factory);

/// <summary>A <c>Cart</c> subsection a package reads, so it is not reported as an unknown key.</summary>
internal sealed record CartSectionRegistration(string Name);
