//! Typed function references in generated modules. wasm-smith makes them
//! only with GC, which the compiler does not implement yet, and then every
//! module uses GC too. So a module of wasm-smith's is rewritten instead:
//! every direct call `call $f` becomes `ref.func $f` (a non-null
//! `(ref $t)`) and `call_ref $t`, every `return_call $f` a
//! `return_call_ref $t`, with `ref.as_non_null` between them for every
//! other function, and a declarative element segment declares every
//! function for `ref.func`.

use wasm_encoder::reencode::{utils, Error, Reencode, RoundtripReencoder};
use wasm_encoder::{ElementSection, Elements, Instruction, Module, SectionId};
use wasmparser::{Operator, Parser, Payload};

/// `wasm` with its direct calls made through typed function references.
pub fn rewrite(wasm: &[u8]) -> Result<Vec<u8>, String> {
    let mut func_types = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::FunctionSection(r) = payload.map_err(|e| e.to_string())? {
            for t in r {
                func_types.push(t.map_err(|e| e.to_string())?);
            }
        }
    }
    let mut r = TypedCalls { func_types, declared: false };
    let mut module = Module::new();
    r.parse_core_module(&mut module, Parser::new(0), wasm).map_err(|e| format!("cannot rewrite calls: {e}"))?;
    Ok(module.finish())
}

struct TypedCalls {
    /// The type index of each function (the modules have no imports).
    func_types: Vec<u32>,
    /// Whether the declarative segment is written.
    declared: bool,
}

impl TypedCalls {
    fn declaration(&self) -> Vec<u32> {
        (0..self.func_types.len() as u32).collect()
    }
}

impl Reencode for TypedCalls {
    type Error = std::convert::Infallible;

    fn parse_element_section(
        &mut self,
        elements: &mut ElementSection,
        section: wasmparser::ElementSectionReader<'_>,
    ) -> Result<(), Error<Self::Error>> {
        utils::parse_element_section(self, elements, section)?;
        elements.declared(Elements::Functions(self.declaration().into()));
        self.declared = true;
        Ok(())
    }

    fn intersperse_section_hook(
        &mut self,
        module: &mut Module,
        _after: Option<SectionId>,
        before: Option<SectionId>,
    ) -> Result<(), Error<Self::Error>> {
        // No element section of its own: one before the first section that
        // follows element sections.
        let follows = matches!(before, None | Some(SectionId::DataCount | SectionId::Code | SectionId::Data));
        if !self.declared && follows && !self.func_types.is_empty() {
            let mut elements = ElementSection::new();
            elements.declared(Elements::Functions(self.declaration().into()));
            module.section(&elements);
            self.declared = true;
        }
        Ok(())
    }

    fn parse_function_body(
        &mut self,
        code: &mut wasm_encoder::CodeSection,
        func: wasmparser::FunctionBody<'_>,
    ) -> Result<(), Error<Self::Error>> {
        let mut f = utils::new_function_with_parsed_locals(&mut RoundtripReencoder, &func)?;
        let mut ops = func.get_operators_reader()?;
        while !ops.eof() {
            let op = ops.read()?;
            let callee = match op {
                Operator::Call { function_index } | Operator::ReturnCall { function_index } => Some(function_index),
                _ => None,
            };
            let Some(callee) = callee.filter(|c| (*c as usize) < self.func_types.len()) else {
                f.instruction(&RoundtripReencoder.instruction(op)?);
                continue;
            };
            let ty = self.func_types[callee as usize];
            f.instruction(&Instruction::RefFunc(callee));
            if callee % 2 == 1 {
                f.instruction(&Instruction::RefAsNonNull);
            }
            f.instruction(&match op {
                Operator::Call { .. } => Instruction::CallRef(ty),
                _ => Instruction::ReturnCallRef(ty),
            });
        }
        code.function(&f);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn calls_become_typed_and_the_module_stays_valid() {
        let wasm = wat::parse_str(
            r#"(module (func $a (param i32) (result i32) local.get 0 call $b)
                       (func $b (param i32) (result i32) local.get 0 i32.const 1 i32.add)
                       (func (param i32) (result i32) local.get 0 return_call $a))"#,
        )
        .unwrap();
        let out = super::rewrite(&wasm).unwrap();
        wasmparser::validate(&out).unwrap();
        let text = wasmprinter::print_bytes(&out).unwrap();
        assert!(text.contains("call_ref"), "{text}");
        assert!(text.contains("return_call_ref"), "{text}");
        assert!(text.contains("ref.as_non_null"), "{text}");
        assert!(!text.contains("call 1"), "{text}");
        assert!(text.contains("elem (;0;) declare func"), "{text}");
    }
}
