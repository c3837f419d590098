;; Regression: a case where wasmi 2.0 gives another result than we and wasmtime 49 do
;; (found by difftest, seed 100; the assertions are the outcomes both agree on).
;; wasmi disagrees with us and wasmtime agrees: the assertions are our outcomes
;;   (module
;;     (type (;0;) (func (param funcref f32 v128 i32) (result i32 i64)))
;;     (type (;1;) (func (param f32 f32)))
;;     (memory (;0;) i64 1 4)
;;     (global (;0;) i32 i32.const 1200947434)
;;     (global (;1;) (mut i64) i64.const 0)
;;     (global (;2;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
;;     (global (;3;) (mut i32) i32.const 0)
;;     (global (;4;) (mut i64) i64.const 0)
;;     (global (;5;) (mut i32) i32.const 0)
;;     (global (;6;) (mut i32) i32.const 1000)
;;     (export "" (func 0))
;;     (export "1" (func 1))
;;     (export "2" (func 2))
;;     (export "3" (memory 0))
;;     (export "4" (global 0))
;;     (export "b" (global 1))
;;     (export "6" (global 2))
;;     (export "\u{18}" (global 4))
;;     (export "iM" (global 5))
;;     (func (;0;) (type 0) (param funcref f32 v128 i32) (result i32 i64)
;;       (local i64 f64 i64 i32 i32 i32 i64 i64 i64 i64 i64 i32 i64 i64 f32)
;;       global.get 6
;;       i32.eqz
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 6
;;       i32.const 1
;;       i32.sub
;;       global.set 6
;;       f32.const -0x1.036aaap+69 (;=-598174100000000000000;)
;;       global.get 0
;;       f64.const 0x1.b031b9e51df11p-603 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005085710406564611;)
;;       f64.trunc
;;       local.tee 5
;;       f64.const nan (;=NaN;)
;;       local.get 5
;;       local.get 5
;;       f64.eq
;;       select
;;       i64.reinterpret_f64
;;       local.set 6
;;       block ;; label = @1
;;         block ;; label = @2
;;           memory.size
;;           i64.const 65536
;;           i64.mul
;;           i64.const 18641
;;           local.get 6
;;           i64.add
;;           i64.le_u
;;           br_if 0 (;@2;)
;;           local.get 6
;;           i64.const 0
;;           i64.le_s
;;           br_if 0 (;@2;)
;;           local.get 6
;;           i32.load16_u offset=18637 align=1
;;           local.set 7
;;           br 1 (;@1;)
;;         end
;;         i32.const 0
;;         local.set 7
;;       end
;;       local.get 7
;;       local.set 8
;;       i32.const 1
;;       local.get 8
;;       local.get 8
;;       i32.eqz
;;       select
;;       local.set 8
;;       local.set 9
;;       block ;; label = @1
;;         block ;; label = @2
;;           local.get 9
;;           local.get 8
;;           local.set 8
;;           local.tee 9
;;           i32.const -2147483648
;;           i32.ne
;;           br_if 0 (;@2;)
;;           local.get 8
;;           i32.const -1
;;           i32.ne
;;           br_if 0 (;@2;)
;;           i32.const 1
;;           local.set 8
;;           br 1 (;@1;)
;;         end
;;       end
;;       local.get 9
;;       local.get 8
;;       i32.div_s
;;       i32.clz
;;       memory.size
;;       local.set 10
;;       block ;; label = @1
;;         block ;; label = @2
;;           memory.size
;;           i64.const 65536
;;           i64.mul
;;           i64.const 14914
;;           local.get 10
;;           i64.add
;;           i64.le_u
;;           br_if 0 (;@2;)
;;           local.get 10
;;           i64.const 0
;;           i64.le_s
;;           br_if 0 (;@2;)
;;           local.get 10
;;           i64.load8_u offset=14906
;;           local.set 11
;;           br 1 (;@1;)
;;         end
;;         i64.const 0
;;         local.set 11
;;       end
;;       local.get 11
;;       local.set 12
;;       block ;; label = @1
;;         block ;; label = @2
;;           memory.size
;;           i64.const 65536
;;           i64.mul
;;           i64.const 44486
;;           local.get 12
;;           i64.add
;;           i64.le_u
;;           br_if 0 (;@2;)
;;           local.get 12
;;           i64.const 0
;;           i64.le_s
;;           br_if 0 (;@2;)
;;           local.get 12
;;           i64.load32_s offset=44478
;;           local.set 13
;;           br 1 (;@1;)
;;         end
;;         i64.const 0
;;         local.set 13
;;       end
;;       local.get 13
;;       local.set 14
;;       block ;; label = @1
;;         block ;; label = @2
;;           memory.size
;;           i64.const 65536
;;           i64.mul
;;           i64.const 20729
;;           local.get 14
;;           i64.add
;;           i64.le_u
;;           br_if 0 (;@2;)
;;           local.get 14
;;           i64.const 0
;;           i64.le_s
;;           br_if 0 (;@2;)
;;           local.get 14
;;           i32.load16_s offset=20725
;;           local.set 15
;;           br 1 (;@1;)
;;         end
;;         i32.const 0
;;         local.set 15
;;       end
;;       local.get 15
;;       i32.sub
;;       f32.convert_i32_u
;;       i32.const 218838420
;;       select
;;       i32.trunc_sat_f32_s
;;       block (result f32) ;; label = @1
;;         f64.const 0x1.ffffffffffffep-1023 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002225073858507201;)
;;         f64.const 0x1.p-1069 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000016;)
;;         f64.ge
;;         if (result f32) ;; label = @2
;;           local.get 0
;;           v128.const i32x4 0x9800d1e7 0x57590594 0xcc4800dd 0xb13761d7
;;           block (result f64) ;; label = @3
;;             ref.null func
;;             local.get 3
;;             local.get 2
;;             i64.const -234852604044677840
;;             local.set 16
;;             block ;; label = @4
;;               block ;; label = @5
;;                 memory.size
;;                 i64.const 65536
;;                 i64.mul
;;                 i64.const 4335510383066927104
;;                 local.get 16
;;                 i64.add
;;                 i64.le_u
;;                 br_if 0 (;@5;)
;;                 local.get 16
;;                 i64.const 0
;;                 i64.le_s
;;                 br_if 0 (;@5;)
;;                 local.get 16
;;                 i64.load32_s offset=4335510383066927096
;;                 local.set 17
;;                 br 1 (;@4;)
;;               end
;;               i64.const 0
;;               local.set 17
;;             end
;;             local.get 17
;;             f64.convert_i64_s
;;             br 0 (;@3;)
;;             f32.const -0x1.d566eap+9 (;=-938.804;)
;;             local.tee 18
;;             local.get 18
;;             f32.ne
;;             local.get 18
;;             f32.const inf (;=inf;)
;;             f32.eq
;;             local.get 18
;;             f32.const -inf (;=-inf;)
;;             f32.eq
;;             i32.or
;;             i32.or
;;             if ;; label = @4
;;               f32.const 0x0p+0 (;=0;)
;;               local.set 18
;;             end
;;             local.get 18
;;             f32.const 0x0p+0 (;=0;)
;;             f32.lt
;;             if ;; label = @4
;;               f32.const 0x0p+0 (;=0;)
;;               local.set 18
;;             end
;;             local.get 18
;;             f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;             f32.gt
;;             if ;; label = @4
;;               f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;               local.set 18
;;             end
;;             local.get 18
;;             i64.trunc_f32_u
;;             global.get 1
;;             i64.xor
;;             global.set 1
;;             global.get 2
;;             v128.xor
;;             global.set 2
;;             global.get 3
;;             i32.xor
;;             global.set 3
;;             drop
;;             f64.const -0x1.e3f99b69a01fap-846 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004029087102751869;)
;;           end
;;           i64.reinterpret_f64
;;           global.get 4
;;           i64.xor
;;           global.set 4
;;           global.get 2
;;           v128.xor
;;           global.set 2
;;           drop
;;           f32.const 0x1p-119 (;=0.0000000000000000000000000000000000015046328;)
;;         else
;;           f32.const 0x1.fffffep-124 (;=0.00000000000000000000000000000000000009403954;)
;;         end
;;       end
;;       drop
;;       i64.const 1
;;     )
;;     (func (;1;) (type 1) (param f32 f32)
;;       (local i64 i64 i64 i64 i64 f64 f64 i64 i32 i64 i64 i64 i64)
;;       global.get 6
;;       i32.eqz
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 6
;;       i32.const 1
;;       i32.sub
;;       global.set 6
;;       i64.const 4804002627822928634
;;       f32.const inf (;=inf;)
;;       f64.promote_f32
;;       v128.const i32x4 0xee91f561 0xd084ad4e 0x54c7ab7f 0xcaacfd38
;;       v128.const i32x4 0x1b6f9f4a 0xc790f54f 0xc5c3cbd7 0xef5fbc00
;;       br 0
;;       br 0
;;       br 0
;;       f64.const -0x1.68dc66d75a8bep+244 (;=-39849131256903980000000000000000000000000000000000000000000000000000000000;)
;;       i32.const -16384
;;       block (result v128) ;; label = @1
;;         br 1
;;         nop
;;         loop (result i64) ;; label = @2
;;           global.get 6
;;           i32.eqz
;;           if ;; label = @3
;;             unreachable
;;           end
;;           global.get 6
;;           i32.const 1
;;           i32.sub
;;           global.set 6
;;           br 0 (;@2;)
;;           i32.const 286331153
;;           f32.convert_i32_u
;;           loop ;; label = @3
;;             global.get 6
;;             i32.eqz
;;             if ;; label = @4
;;               unreachable
;;             end
;;             global.get 6
;;             i32.const 1
;;             i32.sub
;;             global.set 6
;;             v128.const i32x4 0x59c59a48 0xcaceea6a 0xc101684c 0xaace1233
;;             loop ;; label = @4
;;               global.get 6
;;               i32.eqz
;;               if ;; label = @5
;;                 unreachable
;;               end
;;               global.get 6
;;               i32.const 1
;;               i32.sub
;;               global.set 6
;;               f64.const -0x1.b6db2b141c6e1p+864 (;=-210862064124443300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
;;               i32.const 659115230
;;               f32.const -0x1.53e4ccp-90 (;=-0.0000000000000000000000000010725155;)
;;               memory.size
;;               local.set 2
;;               block ;; label = @5
;;                 block ;; label = @6
;;                   memory.size
;;                   i64.const 65536
;;                   i64.mul
;;                   i64.const 35640
;;                   local.get 2
;;                   i64.add
;;                   i64.le_u
;;                   br_if 0 (;@6;)
;;                   local.get 2
;;                   i64.const 0
;;                   i64.le_s
;;                   br_if 0 (;@6;)
;;                   local.get 2
;;                   i64.load16_u offset=35632
;;                   local.set 3
;;                   br 1 (;@5;)
;;                 end
;;                 i64.const 0
;;                 local.set 3
;;               end
;;               local.get 3
;;               i64.ctz
;;               local.set 4
;;               block ;; label = @5
;;                 block ;; label = @6
;;                   memory.size
;;                   i64.const 65536
;;                   i64.mul
;;                   i64.const 22616
;;                   local.get 4
;;                   i64.add
;;                   i64.le_u
;;                   br_if 0 (;@6;)
;;                   local.get 4
;;                   i64.const 0
;;                   i64.le_s
;;                   br_if 0 (;@6;)
;;                   local.get 4
;;                   i64.load offset=22608
;;                   local.set 5
;;                   br 1 (;@5;)
;;                 end
;;                 i64.const 0
;;                 local.set 5
;;               end
;;               local.get 5
;;               memory.size
;;               i64.extend32_s
;;               local.set 6
;;               block ;; label = @5
;;                 block ;; label = @6
;;                   memory.size
;;                   i64.const 65536
;;                   i64.mul
;;                   i64.const 27052
;;                   local.get 6
;;                   i64.add
;;                   i64.le_u
;;                   br_if 0 (;@6;)
;;                   local.get 6
;;                   i64.const 0
;;                   i64.le_s
;;                   br_if 0 (;@6;)
;;                   local.get 6
;;                   f64.load offset=27044 align=2
;;                   local.set 7
;;                   br 1 (;@5;)
;;                 end
;;                 f64.const 0x0p+0 (;=0;)
;;                 local.set 7
;;               end
;;               local.get 7
;;               f64.sqrt
;;               local.tee 8
;;               f64.const nan (;=NaN;)
;;               local.get 8
;;               local.get 8
;;               f64.eq
;;               select
;;               i32.trunc_sat_f64_s
;;               if (result f32) ;; label = @5
;;                 memory.size
;;                 local.set 9
;;                 block ;; label = @6
;;                   block ;; label = @7
;;                     memory.size
;;                     i64.const 65536
;;                     i64.mul
;;                     i64.const 1772
;;                     local.get 9
;;                     i64.add
;;                     i64.le_u
;;                     br_if 0 (;@7;)
;;                     local.get 9
;;                     i64.const 0
;;                     i64.le_s
;;                     br_if 0 (;@7;)
;;                     local.get 9
;;                     i32.load16_s offset=1768
;;                     local.set 10
;;                     br 1 (;@6;)
;;                   end
;;                   i32.const 0
;;                   local.set 10
;;                 end
;;                 local.get 10
;;                 memory.size
;;                 i64.extend8_s
;;                 f64.reinterpret_i64
;;                 br 5
;;                 f64.abs
;;                 i32.const -1049436870
;;                 i64.const 65534
;;                 f32.const 0x1.fffffep-120 (;=0.0000000000000000000000000000000000015046327;)
;;                 i32.reinterpret_f32
;;                 loop (result f64) ;; label = @6
;;                   global.get 6
;;                   i32.eqz
;;                   if ;; label = @7
;;                     unreachable
;;                   end
;;                   global.get 6
;;                   i32.const 1
;;                   i32.sub
;;                   global.set 6
;;                   br 6
;;                   memory.size
;;                   i64.extend8_s
;;                   local.set 11
;;                   block ;; label = @7
;;                     block ;; label = @8
;;                       memory.size
;;                       i64.const 65536
;;                       i64.mul
;;                       i64.const 3701
;;                       local.get 11
;;                       i64.add
;;                       i64.le_u
;;                       br_if 0 (;@8;)
;;                       local.get 11
;;                       i64.const 0
;;                       i64.le_s
;;                       br_if 0 (;@8;)
;;                       local.get 11
;;                       i64.load offset=3693 align=4
;;                       local.set 12
;;                       br 1 (;@7;)
;;                     end
;;                     i64.const 0
;;                     local.set 12
;;                   end
;;                   local.get 12
;;                   block ;; label = @7
;;                     local.get 0
;;                     f64.promote_f32
;;                     i32.const -9
;;                     memory.size
;;                     i64.ctz
;;                     local.set 13
;;                     block ;; label = @8
;;                       block ;; label = @9
;;                         memory.size
;;                         i64.const 65536
;;                         i64.mul
;;                         i64.const 45977
;;                         local.get 13
;;                         i64.add
;;                         i64.le_u
;;                         br_if 0 (;@9;)
;;                         local.get 13
;;                         i64.const 0
;;                         i64.le_s
;;                         br_if 0 (;@9;)
;;                         local.get 13
;;                         i64.load8_s offset=45969
;;                         local.set 14
;;                         br 1 (;@8;)
;;                       end
;;                       i64.const 0
;;                       local.set 14
;;                     end
;;                     local.get 14
;;                     global.get 1
;;                     i64.xor
;;                     global.set 1
;;                     global.get 3
;;                     i32.xor
;;                     global.set 3
;;                     i64.reinterpret_f64
;;                     global.get 4
;;                     i64.xor
;;                     global.set 4
;;                   end
;;                   global.get 1
;;                   i64.xor
;;                   global.set 1
;;                   f64.const inf (;=inf;)
;;                 end
;;                 i64.reinterpret_f64
;;                 global.get 4
;;                 i64.xor
;;                 global.set 4
;;                 global.get 3
;;                 i32.xor
;;                 global.set 3
;;                 global.get 1
;;                 i64.xor
;;                 global.set 1
;;                 global.get 3
;;                 i32.xor
;;                 global.set 3
;;                 i64.reinterpret_f64
;;                 global.get 4
;;                 i64.xor
;;                 global.set 4
;;                 global.get 3
;;                 i32.xor
;;                 global.set 3
;;                 f32.const 0x1.d72caep+108 (;=597284680000000000000000000000000;)
;;               else
;;                 f32.const -0x1.f81744p+122 (;=-10469558000000000000000000000000000000;)
;;               end
;;               i32.reinterpret_f32
;;               global.get 5
;;               i32.xor
;;               global.set 5
;;               global.get 1
;;               i64.xor
;;               global.set 1
;;               i32.reinterpret_f32
;;               global.get 5
;;               i32.xor
;;               global.set 5
;;               global.get 3
;;               i32.xor
;;               global.set 3
;;               i64.reinterpret_f64
;;               global.get 4
;;               i64.xor
;;               global.set 4
;;             end
;;             global.get 2
;;             v128.xor
;;             global.set 2
;;           end
;;           i32.reinterpret_f32
;;           global.get 5
;;           i32.xor
;;           global.set 5
;;           i64.const -1099511627776
;;         end
;;         global.get 1
;;         i64.xor
;;         global.set 1
;;         v128.const i32x4 0xfffffbff 0xffffffff 0x00200000 0x00000000
;;       end
;;       global.get 2
;;       v128.xor
;;       global.set 2
;;       global.get 3
;;       i32.xor
;;       global.set 3
;;       i64.reinterpret_f64
;;       global.get 4
;;       i64.xor
;;       global.set 4
;;       global.get 2
;;       v128.xor
;;       global.set 2
;;       global.get 2
;;       v128.xor
;;       global.set 2
;;       i64.reinterpret_f64
;;       global.get 4
;;       i64.xor
;;       global.set 4
;;       global.get 1
;;       i64.xor
;;       global.set 1
;;     )
;;     (func (;2;) (type 0) (param funcref f32 v128 i32) (result i32 i64)
;;       (local f64 i64 i64 i64 i32 i64 i64 i64 i32 f64 f32)
;;       global.get 6
;;       i32.eqz
;;       if ;; label = @1
;;         unreachable
;;       end
;;       global.get 6
;;       i32.const 1
;;       i32.sub
;;       global.set 6
;;       ref.null func
;;       local.set 0
;;       i64.const -6279081186299661873
;;       i64.extend32_s
;;       i64.ctz
;;       f32.convert_i64_s
;;       global.get 0
;;       f64.convert_i32_s
;;       local.get 2
;;       ref.null extern
;;       global.get 0
;;       i32.clz
;;       f32.convert_i32_u
;;       f64.promote_f32
;;       i32.const 256
;;       i64.const -7925049676719724438
;;       br 0
;;       local.tee 4
;;       local.get 4
;;       f64.ne
;;       local.get 4
;;       f64.const inf (;=inf;)
;;       f64.eq
;;       local.get 4
;;       f64.const -inf (;=-inf;)
;;       f64.eq
;;       i32.or
;;       i32.or
;;       if ;; label = @1
;;         f64.const 0x0p+0 (;=0;)
;;         local.set 4
;;       end
;;       local.get 4
;;       f64.const 0x0p+0 (;=0;)
;;       f64.lt
;;       if ;; label = @1
;;         f64.const 0x0p+0 (;=0;)
;;         local.set 4
;;       end
;;       local.get 4
;;       f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
;;       f64.gt
;;       if ;; label = @1
;;         f64.const 0x1.fffffffffffffp+62 (;=9223372036854775000;)
;;         local.set 4
;;       end
;;       local.get 4
;;       i64.trunc_f64_u
;;       local.set 5
;;       block ;; label = @1
;;         block ;; label = @2
;;           memory.size
;;           i64.const 65536
;;           i64.mul
;;           i64.const 30885
;;           local.get 5
;;           i64.add
;;           i64.le_u
;;           br_if 0 (;@2;)
;;           local.get 5
;;           i64.const 0
;;           i64.le_s
;;           br_if 0 (;@2;)
;;           local.get 5
;;           i64.load32_s offset=30877
;;           local.set 6
;;           br 1 (;@1;)
;;         end
;;         i64.const 0
;;         local.set 6
;;       end
;;       local.get 6
;;       i64.extend16_s
;;       i64.eqz
;;       f64.const 0x1.p-1068 (;=0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000316;)
;;       block ;; label = @1
;;         loop ;; label = @2
;;           global.get 6
;;           i32.eqz
;;           if ;; label = @3
;;             unreachable
;;           end
;;           global.get 6
;;           i32.const 1
;;           i32.sub
;;           global.set 6
;;           br 1 (;@1;)
;;           ref.null extern
;;           br 0 (;@2;)
;;           local.get 3
;;           i32.extend16_s
;;           i32.extend8_s
;;           i32.eqz
;;           loop (result v128) ;; label = @3
;;             global.get 6
;;             i32.eqz
;;             if ;; label = @4
;;               unreachable
;;             end
;;             global.get 6
;;             i32.const 1
;;             i32.sub
;;             global.set 6
;;             block (result v128) ;; label = @4
;;               i64.const 8191
;;               local.set 7
;;               block ;; label = @5
;;                 block ;; label = @6
;;                   memory.size
;;                   i64.const 65536
;;                   i64.mul
;;                   i64.const 22457
;;                   local.get 7
;;                   i64.add
;;                   i64.le_u
;;                   br_if 0 (;@6;)
;;                   local.get 7
;;                   i64.const 0
;;                   i64.le_s
;;                   br_if 0 (;@6;)
;;                   local.get 7
;;                   i32.load16_s offset=22453 align=1
;;                   local.set 8
;;                   br 1 (;@5;)
;;                 end
;;                 i32.const 0
;;                 local.set 8
;;               end
;;               local.get 8
;;               v128.const i32x4 0x1d73a974 0x879525a7 0x13b21b58 0x782d4703
;;               memory.size
;;               local.set 9
;;               block ;; label = @5
;;                 block ;; label = @6
;;                   memory.size
;;                   i64.const 65536
;;                   i64.mul
;;                   i64.const 42868
;;                   local.get 9
;;                   i64.add
;;                   i64.le_u
;;                   br_if 0 (;@6;)
;;                   local.get 9
;;                   i64.const 0
;;                   i64.le_s
;;                   br_if 0 (;@6;)
;;                   local.get 9
;;                   i64.load8_u offset=42860
;;                   local.set 10
;;                   br 1 (;@5;)
;;                 end
;;                 i64.const 0
;;                 local.set 10
;;               end
;;               local.get 10
;;               i32.wrap_i64
;;               v128.const i32x4 0x55c5e505 0x422226d9 0xd9bc2d49 0xe058d945
;;               memory.size
;;               i64.const 8800422171951626370
;;               loop ;; label = @5
;;                 global.get 6
;;                 i32.eqz
;;                 if ;; label = @6
;;                   unreachable
;;                 end
;;                 global.get 6
;;                 i32.const 1
;;                 i32.sub
;;                 global.set 6
;;                 global.get 0
;;                 memory.size
;;                 local.set 11
;;                 block ;; label = @6
;;                   block ;; label = @7
;;                     memory.size
;;                     i64.const 65536
;;                     i64.mul
;;                     i64.const 55878
;;                     local.get 11
;;                     i64.add
;;                     i64.le_u
;;                     br_if 0 (;@7;)
;;                     local.get 11
;;                     i64.const 0
;;                     i64.le_s
;;                     br_if 0 (;@7;)
;;                     local.get 11
;;                     i32.load8_s offset=55874
;;                     local.set 12
;;                     br 1 (;@6;)
;;                   end
;;                   i32.const 0
;;                   local.set 12
;;                 end
;;                 local.get 12
;;                 i32.lt_u
;;                 br 2 (;@3;)
;;                 loop (result v128) ;; label = @6
;;                   global.get 6
;;                   i32.eqz
;;                   if ;; label = @7
;;                     unreachable
;;                   end
;;                   global.get 6
;;                   i32.const 1
;;                   i32.sub
;;                   global.set 6
;;                   f64.const 0x1.fffffffffffp-1030 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000017383389519587;)
;;                   memory.size
;;                   f64.convert_i64_u
;;                   f64.trunc
;;                   local.tee 13
;;                   f64.const nan (;=NaN;)
;;                   local.get 13
;;                   local.get 13
;;                   f64.eq
;;                   select
;;                   f32.const -0x1.898bb6p-50 (;=-0.0000000000000013653861;)
;;                   local.tee 14
;;                   local.get 14
;;                   f32.ne
;;                   local.get 14
;;                   f32.const inf (;=inf;)
;;                   f32.eq
;;                   local.get 14
;;                   f32.const -inf (;=-inf;)
;;                   f32.eq
;;                   i32.or
;;                   i32.or
;;                   if ;; label = @7
;;                     f32.const 0x0p+0 (;=0;)
;;                     local.set 14
;;                   end
;;                   local.get 14
;;                   f32.const 0x0p+0 (;=0;)
;;                   f32.lt
;;                   if ;; label = @7
;;                     f32.const 0x0p+0 (;=0;)
;;                     local.set 14
;;                   end
;;                   local.get 14
;;                   f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;                   f32.gt
;;                   if ;; label = @7
;;                     f32.const 0x1.fffffep+62 (;=9223371500000000000;)
;;                     local.set 14
;;                   end
;;                   local.get 14
;;                   i64.trunc_f32_u
;;                   global.get 1
;;                   i64.xor
;;                   global.set 1
;;                   i64.reinterpret_f64
;;                   global.get 4
;;                   i64.xor
;;                   global.set 4
;;                   i64.reinterpret_f64
;;                   global.get 4
;;                   i64.xor
;;                   global.set 4
;;                   v128.const i32x4 0x9ec1d8d3 0xb4c5e8d6 0x9c28c798 0x94e7aaf0
;;                 end
;;                 global.get 2
;;                 v128.xor
;;                 global.set 2
;;                 global.get 3
;;                 i32.xor
;;                 global.set 3
;;               end
;;               global.get 1
;;               i64.xor
;;               global.set 1
;;               global.get 1
;;               i64.xor
;;               global.set 1
;;               global.get 2
;;               v128.xor
;;               global.set 2
;;               global.get 3
;;               i32.xor
;;               global.set 3
;;               global.get 2
;;               v128.xor
;;               global.set 2
;;               global.get 3
;;               i32.xor
;;               global.set 3
;;               v128.const i32x4 0x244be9b7 0xbef85e1e 0xe61c113c 0xb2c991a9
;;             end
;;           end
;;           global.get 2
;;           v128.xor
;;           global.set 2
;;           global.get 3
;;           i32.xor
;;           global.set 3
;;           drop
;;         end
;;       end
;;       i64.reinterpret_f64
;;       global.get 4
;;       i64.xor
;;       global.set 4
;;       global.get 3
;;       i32.xor
;;       global.set 3
;;       drop
;;       global.get 2
;;       v128.xor
;;       global.set 2
;;       i64.reinterpret_f64
;;       global.get 4
;;       i64.xor
;;       global.set 4
;;       i32.reinterpret_f32
;;       global.get 5
;;       i32.xor
;;       global.set 5
;;       i32.const 262152
;;       i64.const -4294967297
;;     )
;;   )
(module binary "\00asm\01\00\00\00\01\0f\02`\04p}{\7f\02\7f~`\02}}\00\03\04\03\00\01\00\05\04\01\05\01\04\069\07\7f\00A\ea\81\d4\bc\04\0b~\01B\00\0b{\01\fd\0c\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00\0b\7f\01A\00\0b~\01B\00\0b\7f\01A\00\0b\7f\01A\e8\07\0b\07%\09\00\00\00\011\00\01\012\00\02\013\02\00\014\03\00\01b\03\01\016\03\02\01\18\03\04\02iM\03\05\0a\8c\11\03\db\04\0f\01~\01|\01~\01\7f\01\7f\01\7f\01~\01~\01~\01~\01~\01\7f\01~\01~\01}#\06E\04@\00\0b#\06A\01k$\06CU\b5\01\e2#\00D\11\dfQ\9e\1b\03K\1a\9d\22\05D\00\00\00\00\00\00\f8\7f \05 \05a\1b\bd!\06\02@\02@?\00B\80\80\04~B\d1\91\01 \06|X\0d\00 \06B\00W\0d\00 \06/\00\cd\91\01!\07\0c\01\0bA\00!\07\0b \07!\08A\01 \08 \08E\1b!\08!\09\02@\02@ \09 \08!\08\22\09A\80\80\80\80xG\0d\00 \08A\7fG\0d\00A\01!\08\0c\01\0b\0b \09 \08mg?\00!\0a\02@\02@?\00B\80\80\04~B\c2\f4\00 \0a|X\0d\00 \0aB\00W\0d\00 \0a1\00\bat!\0b\0c\01\0bB\00!\0b\0b \0b!\0c\02@\02@?\00B\80\80\04~B\c6\db\02 \0c|X\0d\00 \0cB\00W\0d\00 \0c4\02\be\db\02!\0d\0c\01\0bB\00!\0d\0b \0d!\0e\02@\02@?\00B\80\80\04~B\f9\a1\01 \0e|X\0d\00 \0eB\00W\0d\00 \0e.\01\f5\a1\01!\0f\0c\01\0bA\00!\0f\0b \0fk\b3A\94\eb\ac\e8\00\1b\fc\00\02}D\ff\ff\ff\ff\ff\ff\0f\00D \00\00\00\00\00\00\00f\04} \00\fd\0c\e7\d1\00\98\94\05YW\dd\00H\cc\d7a7\b1\02|\d0p \03 \02B\b0\da\dd\ca\d0\d9\e8\de|!\10\02@\02@?\00B\80\80\04~B\80\a0\e3\f5\90\f7\b4\95< \10|X\0d\00 \10B\00W\0d\00 \104\02\f8\9f\e3\f5\90\f7\b4\95<!\11\0c\01\0bB\00!\11\0b \11\b9\0c\00Cu\b3j\c4\22\12 \12\5c \12C\00\00\80\7f[ \12C\00\00\80\ff[rr\04@C\00\00\00\00!\12\0b \12C\00\00\00\00]\04@C\00\00\00\00!\12\0b \12C\ff\ff\ff^^\04@C\ff\ff\ff^!\12\0b \12\af#\01\85$\01#\02\fdQ$\02#\03s$\03\1aD\fa\01\9a\b6\99?\1e\8b\0b\bd#\04\85$\04#\02\fdQ$\02\1aC\00\00\00\04\05C\ff\ff\ff\01\0b\0b\1aB\01\0b\91\06\0d\01~\01~\01~\01~\01~\01|\01|\01~\01\7f\01~\01~\01~\01~#\06E\04@\00\0b#\06A\01k$\06B\fa\85\b7\9b\ff\dd\cf\d5\c2\00C\00\00\80\7f\bb\fd\0ca\f5\91\eeN\ad\84\d0\7f\ab\c7T8\fd\ac\ca\fd\0cJ\9fo\1bO\f5\90\c7\d7\cb\c3\c5\00\bc_\ef\0c\00\0c\00\0c\00D\be\a8um\c6\8d6\cfA\80\80\7f\02{\0c\01\01\03~#\06E\04@\00\0b#\06A\01k$\06\0c\00A\91\a2\c4\88\01\b3\03@#\06E\04@\00\0b#\06A\01k$\06\fd\0cH\9a\c5Yj\ea\ce\caLh\01\c13\12\ce\aa\03@#\06E\04@\00\0b#\06A\01k$\06D\e1\c6A\b1\b2m\fb\f5A\de\99\a5\ba\02Cf\f2\a9\92?\00!\02\02@\02@?\00B\80\80\04~B\b8\96\02 \02|X\0d\00 \02B\00W\0d\00 \023\01\b0\96\02!\03\0c\01\0bB\00!\03\0b \03z!\04\02@\02@?\00B\80\80\04~B\d8\b0\01 \04|X\0d\00 \04B\00W\0d\00 \04)\03\d0\b0\01!\05\0c\01\0bB\00!\05\0b \05?\00\c4!\06\02@\02@?\00B\80\80\04~B\ac\d3\01 \06|X\0d\00 \06B\00W\0d\00 \06+\01\a4\d3\01!\07\0c\01\0bD\00\00\00\00\00\00\00\00!\07\0b \07\9f\22\08D\00\00\00\00\00\00\f8\7f \08 \08a\1b\fc\02\04}?\00!\09\02@\02@?\00B\80\80\04~B\ec\0d \09|X\0d\00 \09B\00W\0d\00 \09.\01\e8\0d!\0a\0c\01\0bA\00!\0a\0b \0a?\00\c2\bf\0c\05\99A\ba\ba\cb\8b|B\fe\ff\03C\ff\ff\ff\03\bc\03|#\06E\04@\00\0b#\06A\01k$\06\0c\06?\00\c2!\0b\02@\02@?\00B\80\80\04~B\f5\1c \0b|X\0d\00 \0bB\00W\0d\00 \0b)\02\ed\1c!\0c\0c\01\0bB\00!\0c\0b \0c\02@ \00\bbAw?\00z!\0d\02@\02@?\00B\80\80\04~B\99\e7\02 \0d|X\0d\00 \0dB\00W\0d\00 \0d0\00\91\e7\02!\0e\0c\01\0bB\00!\0e\0b \0e#\01\85$\01#\03s$\03\bd#\04\85$\04\0b#\01\85$\01D\00\00\00\00\00\00\f0\7f\0b\bd#\04\85$\04#\03s$\03#\01\85$\01#\03s$\03\bd#\04\85$\04#\03s$\03CW\96\ebu\05C\a2\0b\fc\fc\0b\bc#\05s$\05#\01\85$\01\bc#\05s$\05#\03s$\03\bd#\04\85$\04\0b#\02\fdQ$\02\0b\bc#\05s$\05B\80\80\80\80\80`\0b#\01\85$\01\fd\0c\ff\fb\ff\ff\ff\ff\ff\ff\00\00 \00\00\00\00\00\0b#\02\fdQ$\02#\03s$\03\bd#\04\85$\04#\02\fdQ$\02#\02\fdQ$\02\bd#\04\85$\04#\01\85$\01\0b\99\06\0b\01|\01~\01~\01~\01\7f\01~\01~\01~\01\7f\01|\01}#\06E\04@\00\0b#\06A\01k$\06\d0p!\00B\cf\e3\94\b6\dd\9d\8e\ee\a8\7f\c4z\b4#\00\b7 \02\d0o#\00g\b3\bbA\80\02B\ea\d0\af\be\ec\a9\a4\82\92\7f\0c\00\22\04 \04b \04D\00\00\00\00\00\00\f0\7fa \04D\00\00\00\00\00\00\f0\ffarr\04@D\00\00\00\00\00\00\00\00!\04\0b \04D\00\00\00\00\00\00\00\00c\04@D\00\00\00\00\00\00\00\00!\04\0b \04D\ff\ff\ff\ff\ff\ff\dfCd\04@D\ff\ff\ff\ff\ff\ff\dfC!\04\0b \04\b1!\05\02@\02@?\00B\80\80\04~B\a5\f1\01 \05|X\0d\00 \05B\00W\0d\00 \054\02\9d\f1\01!\06\0c\01\0bB\00!\06\0b \06\c3PD@\00\00\00\00\00\00\00\02@\03@#\06E\04@\00\0b#\06A\01k$\06\0c\01\d0o\0c\00 \03\c1\c0E\03{#\06E\04@\00\0b#\06A\01k$\06\02{B\ff?!\07\02@\02@?\00B\80\80\04~B\b9\af\01 \07|X\0d\00 \07B\00W\0d\00 \07.\00\b5\af\01!\08\0c\01\0bA\00!\08\0b \08\fd\0ct\a9s\1d\a7%\95\87X\1b\b2\13\03G-x?\00!\09\02@\02@?\00B\80\80\04~B\f4\ce\02 \09|X\0d\00 \09B\00W\0d\00 \091\00\ec\ce\02!\0a\0c\01\0bB\00!\0a\0b \0a\a7\fd\0c\05\e5\c5U\d9&\22BI-\bc\d9E\d9X\e0?\00B\82\f1\97\c5\eb\aa\d8\90\fa\00\03@#\06E\04@\00\0b#\06A\01k$\06#\00?\00!\0b\02@\02@?\00B\80\80\04~B\c6\b4\03 \0b|X\0d\00 \0bB\00W\0d\00 \0b,\00\c2\b4\03!\0c\0c\01\0bA\00!\0c\0b \0cI\0c\02\03{#\06E\04@\00\0b#\06A\01k$\06D\ff\ff\ff\ff\ff\1f\00\00?\00\ba\9d\22\0dD\00\00\00\00\00\00\f8\7f \0d \0da\1bC\db\c5\c4\a6\22\0e \0e\5c \0eC\00\00\80\7f[ \0eC\00\00\80\ff[rr\04@C\00\00\00\00!\0e\0b \0eC\00\00\00\00]\04@C\00\00\00\00!\0e\0b \0eC\ff\ff\ff^^\04@C\ff\ff\ff^!\0e\0b \0e\af#\01\85$\01\bd#\04\85$\04\bd#\04\85$\04\fd\0c\d3\d8\c1\9e\d6\e8\c5\b4\98\c7(\9c\f0\aa\e7\94\0b#\02\fdQ$\02#\03s$\03\0b#\01\85$\01#\01\85$\01#\02\fdQ$\02#\03s$\03#\02\fdQ$\02#\03s$\03\fd\0c\b7\e9K$\1e^\f8\be<\11\1c\e6\a9\91\c9\b2\0b\0b#\02\fdQ$\02#\03s$\03\1a\0b\0b\bd#\04\85$\04#\03s$\03\1a#\02\fdQ$\02\bd#\04\85$\04\bc#\05s$\05A\88\80\10B\ff\ff\ff\ffo\0b")
(assert_return (invoke "" (ref.null func) (f32.const 0x1.5328bcp-124) (v128.const i32x4 0x9749ac2d 0x44d0d90f 0x503e7ee6 0x77efd24d) (i32.const 0x0)) (i32.const 0x80000000) (i64.const 0x1))
(assert_return (invoke "1" (f32.const nan:0x200001) (f32.const 0x1.000000p0)))
(assert_return (invoke "2" (ref.null func) (f32.const 0x1.2bb7b4p78) (v128.const i32x4 0xc5e7fb5f 0x5dc6396c 0x36ac06c4 0xfcc66c5b) (i32.const 0x7fffffff)) (i32.const 0x100) (i64.const 0x9204914ec7cbe86a))
(assert_return (get "4") (i32.const 0x479500ea))
(assert_return (get "b") (i64.const 0x0))
(assert_return (get "6") (v128.const i32x4 0x9800d1e7 0x57590594 0xcc4800dd 0xb13761d7))
(assert_return (get "\18") (i64.const 0x0))
(assert_return (get "iM") (i32.const 0x0))
